"""The marks of sent replies are group-committed: many chats' updates marked at once share a
transaction, each caller returns only once its own mark has committed, and a failed write reaches
every caller of its batch."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import ProcessedUpdate
from storage.repositories import Repositories, UpdateLog
from tests.support.stub import Stub

NOW = datetime(2022, 7, 1, tzinfo=UTC)


async def claim(stub: Stub, ids: range) -> None:
    async with stub.services.database.unit_of_work() as session:
        for update_id in ids:
            assert await Repositories(session).updates.claim(update_id, NOW)


async def performed(stub: Stub, ids: range) -> dict[int, bool]:
    async with stub.services.database.unit_of_work() as session:
        rows = await session.execute(
            select(ProcessedUpdate.update_id, ProcessedUpdate.performed_at).where(
                ProcessedUpdate.update_id.in_(list(ids))
            )
        )
        return {update_id: at is not None for update_id, at in rows}


def count_units(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    database = stub.services.database
    opened: list[int] = []
    original = database.unit_of_work

    @asynccontextmanager
    async def counted() -> AsyncIterator[Any]:
        opened.append(1)
        async with original() as session:
            yield session

    monkeypatch.setattr(database, "unit_of_work", counted)
    return opened


async def test_marks_of_many_chats_share_a_transaction(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = range(500, 540)
    await claim(stub, ids)
    opened = count_units(stub, monkeypatch)
    await asyncio.gather(*(stub.services.engine.performed(update_id) for update_id in ids))
    assert await performed(stub, ids) == dict.fromkeys(ids, True)  # committed before gather returned
    assert 1 <= len(opened) <= 2, opened  # one each before grouping: 40


async def test_a_mark_alone_is_committed_when_it_returns(stub: Stub) -> None:
    await claim(stub, range(600, 601))
    await stub.services.engine.performed(600)
    assert await performed(stub, range(600, 601)) == {600: True}


async def test_a_failed_write_reaches_every_caller_of_its_batch(
    stub: Stub, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = range(700, 705)
    await claim(stub, ids)

    async def broken(self: UpdateLog, update_ids: list[int], now: datetime) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(UpdateLog, "mark_performed_many", broken)
    results = await asyncio.gather(
        *(stub.services.engine.performed(update_id) for update_id in ids), return_exceptions=True
    )
    assert all(isinstance(r, RuntimeError) for r in results), results
    assert await performed(stub, ids) == dict.fromkeys(ids, False)
    monkeypatch.undo()
    await stub.services.engine.performed(700)  # the next batch writes again
    assert (await performed(stub, ids))[700]
