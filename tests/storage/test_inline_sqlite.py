"""SQLite runs on the event loop's thread (``storage/inline_sqlite.py``): no aiosqlite thread is
started, transactions commit and roll back as before, errors arrive as SQLAlchemy's, and many
concurrent units of work never meet "database is locked"."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from storage.db import Database, upgrade
from storage.inline_sqlite import InlineConnection
from storage.models import Applicant
from storage.repositories import Repositories

NOW = datetime(2022, 7, 1, tzinfo=UTC)


@pytest.fixture
async def database(tmp_path: Path) -> Database:
    url = f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}"
    await asyncio.to_thread(upgrade, url)
    made = Database(url)
    yield made  # type: ignore[misc]
    await made.close()


async def test_statements_run_on_the_loop_thread_without_a_driver_thread(database: Database) -> None:
    before = {t.name for t in threading.enumerate()}
    async with database.unit_of_work() as session:
        raw = (await (await session.connection()).get_raw_connection()).driver_connection
        assert isinstance(raw, InlineConnection)
        assert (await session.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await session.execute(text("PRAGMA foreign_keys"))).scalar() == 1
    assert {t.name for t in threading.enumerate()} <= before
    assert not any("_connection_worker_thread" in t.name for t in threading.enumerate())  # aiosqlite's


async def count(database: Database) -> int:
    async with database.unit_of_work() as session:
        return int(await session.scalar(select(func.count()).select_from(Applicant)) or 0)


async def test_commit_rollback_and_errors(database: Database) -> None:
    async with database.unit_of_work() as session:
        await Repositories(session).applicants.get_or_create(1, 1, "zh_CN", NOW)
    with pytest.raises(RuntimeError):
        async with database.unit_of_work() as session:
            await Repositories(session).applicants.get_or_create(2, 2, "zh_CN", NOW)
            raise RuntimeError("the handler failed")
    assert await count(database) == 1  # the failed unit of work left nothing
    with pytest.raises(IntegrityError):
        async with database.unit_of_work() as session:
            columns = "(id, chat_id, lang, created_at, updated_at)"
            await session.execute(text(f"INSERT INTO applicant {columns} VALUES (1, 1, 'en', 0, 0)"))
    assert await count(database) == 1


async def test_many_concurrent_units_of_work_all_commit(database: Database) -> None:
    async def one(user_id: int) -> None:
        async with database.unit_of_work() as session:
            repos = Repositories(session)
            assert await repos.updates.claim(user_id, NOW)
            await repos.applicants.get_or_create(user_id, user_id, "zh_CN", NOW)
            await asyncio.sleep(0)  # let the others interleave

    await asyncio.gather(*(one(1000 + i) for i in range(200)))
    assert await count(database) == 200
