"""Storage on SQLite and (with TEST_DATABASE_URL) PostgreSQL, through the real migrations."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.repositories import Repositories

NOW = datetime(2022, 8, 1, 1, 0, tzinfo=UTC)


async def test_update_is_claimed_once(database: Database) -> None:
    async with database.unit_of_work() as session:
        assert await Repositories(session).updates.claim(42, NOW)
        assert not await Repositories(session).updates.claim(42, NOW)
    async with database.unit_of_work() as session:
        assert not await Repositories(session).updates.claim(42, NOW)


async def test_rolled_back_claim_leaves_update_unprocessed(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.unit_of_work() as session:
            await Repositories(session).updates.claim(7, NOW)
            raise RuntimeError("handler crashed")
    async with database.unit_of_work() as session:
        assert await Repositories(session).updates.claim(7, NOW)


async def test_concurrent_claims_of_one_update_let_exactly_one_win(database: Database) -> None:
    async def claim() -> bool:
        async with database.unit_of_work() as session:
            won = await Repositories(session).updates.claim(99, NOW)
            await asyncio.sleep(0.05)
            return won

    results = await asyncio.gather(*(claim() for _ in range(4)), return_exceptions=True)
    wins = [r for r in results if r is True]
    assert len(wins) == 1, results


async def test_applicant_and_application_round_trip(database: Database) -> None:
    async with database.unit_of_work() as session:
        repos = Repositories(session)
        applicant = await repos.applicants.get_or_create(5, 5, "zh_CN", NOW)
        again = await repos.applicants.get_or_create(5, 5, "en", NOW)
        assert again is applicant and again.lang == "zh_CN"
        application = await repos.applications.create("c1", 5, NOW)
        application.answers = {"registered": "yes", "national_score": "3.25"}
    async with database.unit_of_work() as session:
        repos = Repositories(session)
        found = await repos.applications.find("c1", 5)
        assert found is not None and found.answers["national_score"] == "3.25"
        assert found.created_at == NOW and found.created_at.tzinfo is not None


async def test_one_application_per_campaign_and_applicant(database: Database) -> None:
    async with database.unit_of_work() as session:
        repos = Repositories(session)
        await repos.applicants.get_or_create(6, 6, "zh_CN", NOW)
        await repos.applications.create("c1", 6, NOW)
        await repos.applications.create("c2", 6, NOW)
    with pytest.raises(IntegrityError):
        async with database.unit_of_work() as session:
            await Repositories(session).applications.create("c1", 6, NOW)


async def test_times_in_other_offsets_come_back_as_the_same_instant(database: Database) -> None:
    shanghai = timezone(timedelta(hours=8))
    moment = datetime(2022, 8, 10, 23, 59, 59, tzinfo=shanghai)
    async with database.unit_of_work() as session:
        applicant = await Repositories(session).applicants.get_or_create(8, 8, "zh_CN", NOW)
        applicant.consent_at = moment
    async with database.unit_of_work() as session:
        loaded = await Repositories(session).applicants.lock(8)
        assert loaded is not None and loaded.consent_at == moment


async def test_secret_is_created_once(database: Database) -> None:
    async with database.unit_of_work() as session:
        first = await Repositories(session).settings.get_or_create("k")
    async with database.unit_of_work() as session:
        assert await Repositories(session).settings.get_or_create("k") == first


async def test_sqlite_runs_with_wal_and_foreign_keys(database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("SQLite only")
    async with database.engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
