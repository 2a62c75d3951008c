"""Engine, sessions and migrations. One transaction (unit of work) per update."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.inline_sqlite import connector

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5_000  # how long SQLite waits for a lock held by another connection


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # erased data leaves no bytes behind (nor in backups)
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    options: dict[str, Any] = {"pool_pre_ping": not sqlite}
    if sqlite:
        # Every unit of work ends in its own commit or rollback (``Database.unit_of_work``), so
        # the pool's rollback of a returned connection would be a wasted call.
        options["pool_reset_on_return"] = None
        if not parsed.query:  # a plain file: its calls run on the loop (``storage/inline_sqlite.py``)
            options["async_creator"] = connector(parsed.database or ":memory:")
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    """Owns the engine; ``unit_of_work()`` yields a session that commits once at the end.

    On SQLite the units of work of one process run one at a time (an asyncio lock): SQLite has
    one writer, and a transaction that reads and then writes while another connection wrote
    meanwhile fails at once with "database is locked", whatever the busy timeout. Units of work
    must not nest (none does: an update's handlers share its session)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._one_writer = asyncio.Lock() if self.dialect == "sqlite" else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        async with self._turn(), self.sessions() as session, session.begin():
            yield session

    def _turn(self) -> AbstractAsyncContextManager[object]:
        return self._one_writer if self._one_writer is not None else nullcontext()

    async def close(self) -> None:
        await self.engine.dispose()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations (blocking: call before the event loop, or in a thread)."""
    command.upgrade(alembic_config(url), revision)
