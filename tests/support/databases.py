"""Test databases: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set.

Each backend is migrated once per session (per xdist worker), with the real migrations, and
every test gets a database exactly as migrated:
- SQLite: a copy of the migrated file (``template.db``) in the test's own folder;
- PostgreSQL: the session's migrated database, emptied before the test: the connections an
  earlier test left are ended (their advisory locks with them), every table but
  ``alembic_version`` is emptied and the sequences start again, in one transaction.

Measured on this machine (docs/testing.md): migrating a new database took 65 ms on SQLite and
0.3-2 s on PostgreSQL, and dropping one on PostgreSQL 0.1-2 s (it waits for a checkpoint);
``CREATE DATABASE … TEMPLATE`` took about 0.5 s; emptying takes about 20 ms.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import uuid
from pathlib import Path

import asyncpg

from storage.db import upgrade

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _plain_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


class MigratedDatabases:
    """The session's migrated databases, made on first use; ``fresh`` gives a test its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._sqlite_template: Path | None = None
        self._postgres: _PostgresDatabase | None = None

    async def fresh(self, backend: str, tmp_path: Path) -> str:
        """The SQLAlchemy URL of a database of ``backend`` as the migrations left it."""
        if backend == "sqlite":
            path = tmp_path / "bot.db"
            shutil.copyfile(await self._sqlite(), path)
            return f"sqlite+aiosqlite:///{path}"
        if self._postgres is None:
            self._postgres = await _PostgresDatabase.create(os.environ["TEST_DATABASE_URL"])
        await self._postgres.empty()
        return self._postgres.url

    async def _sqlite(self) -> Path:
        if self._sqlite_template is None:
            path = self.folder / "template.db"
            await asyncio.to_thread(upgrade, f"sqlite+aiosqlite:///{path}")
            connection = sqlite3.connect(path)  # everything in the one file, nothing left in a WAL
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
            self._sqlite_template = path
        return self._sqlite_template

    def close(self) -> None:
        if self._postgres is not None:
            asyncio.run(self._postgres.drop())


class _PostgresDatabase:
    def __init__(self, base: str, name: str, tables: list[str], sequences: list[str]) -> None:
        self.base = base
        self.name = name
        self.url = base.rsplit("/", 1)[0] + f"/{name}"
        self._empty = ";".join(
            ["SET LOCAL session_replication_role = replica"]  # no foreign-key triggers meanwhile
            + [f'DELETE FROM "{table}"' for table in tables]
            + [f'ALTER SEQUENCE "{sequence}" RESTART' for sequence in sequences]
        )

    @classmethod
    async def create(cls, base: str) -> _PostgresDatabase:
        name = f"bot_test_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(_plain_dsn(base))
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        url = base.rsplit("/", 1)[0] + f"/{name}"
        await asyncio.to_thread(upgrade, url)
        connection = await asyncpg.connect(_plain_dsn(url))
        try:
            tables = await connection.fetch(
                "SELECT tablename FROM pg_tables"
                " WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
            sequences = await connection.fetch(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
            )
        finally:
            await connection.close()
        return cls(base, name, [row[0] for row in tables], [row[0] for row in sequences])

    async def empty(self) -> None:
        connection = await asyncpg.connect(_plain_dsn(self.url))
        try:
            await connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                self.name,
            )
            async with connection.transaction():
                await connection.execute(self._empty)
        finally:
            await connection.close()

    async def drop(self) -> None:
        admin = await asyncpg.connect(_plain_dsn(self.base))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            await admin.close()
