"""Instances see each other alive or gone through the database (storage/instance.py), and
unsent replies are taken over by one instance only."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.instance import Instance
from storage.repositories import Repositories

NOW = datetime(2022, 8, 1, 9, 0, tzinfo=UTC)


async def alive(database: Database, observer: Instance, owner: int | None) -> bool | None:
    async with database.unit_of_work() as session:
        return await observer.is_alive(session, owner)


async def test_an_instance_is_alive_while_it_holds_its_lock(database: Database) -> None:
    first, second = Instance(database), Instance(database)
    assert first.id != second.id
    assert await alive(database, first, first.id) is True
    assert await alive(database, second, None) is None  # a row claimed before owners were recorded
    if database.dialect != "postgresql":  # one process only: any other claimer has ended
        assert await alive(database, second, first.id) is False
        return
    await first.keep_alive()
    assert await alive(database, second, first.id) is True
    assert await alive(database, second, first.id) is True  # checking does not take the lock away
    await first.keep_alive()  # renewing an already held lock
    await first.release()
    assert await alive(database, second, first.id) is False


async def test_a_killed_instance_is_seen_gone_when_its_connection_closes(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("liveness across processes is a PostgreSQL lock")
    other = Database(database.url)  # the other process's own connections
    victim, survivor = Instance(other), Instance(database)
    await victim.keep_alive()
    assert await alive(database, survivor, victim.id) is True
    async with database.unit_of_work() as session:  # its connection ends, as when it is killed
        ended = await session.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks"
                " WHERE locktype = 'advisory' AND granted AND objid = CAST(:id AS oid)"
            ),
            {"id": victim.id},
        )
        assert ended.scalars().all() == [True]
    for _ in range(50):  # the server lets go of the lock as the backend exits
        if await alive(database, survivor, victim.id) is False:
            break
        await asyncio.sleep(0.05)
    assert await alive(database, survivor, victim.id) is False
    await victim.release()  # its connection is gone: nothing to do, nothing raised
    await other.close()


async def test_unsent_replies_are_taken_over_by_one_instance_only(database: Database) -> None:
    async with database.unit_of_work() as session:
        assert await Repositories(session).updates.claim(501, NOW, owner=7)

    async def take(owner: int) -> bool:
        async with database.unit_of_work() as session:
            return await Repositories(session).updates.take_over(501, 7, owner, NOW)

    results = await asyncio.gather(take(8), take(9))
    assert sorted(results) == [False, True]
    async with database.unit_of_work() as session:
        updates = Repositories(session).updates
        row = await updates.get(501)
        assert row is not None and row.owner in (8, 9)
        await updates.mark_performed(501, NOW)
    async with database.unit_of_work() as session:
        assert not await Repositories(session).updates.take_over(501, row.owner, 10, NOW)
