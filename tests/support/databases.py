"""Test databases: a fresh SQLite file per test, and PostgreSQL when TEST_DATABASE_URL is set.

On PostgreSQL each test gets its own freshly created database, so tests never see each
other's rows and can run the real migrations.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _admin_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


@asynccontextmanager
async def fresh_database(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """Yield the SQLAlchemy URL of an empty database of ``backend``."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        return
    base = os.environ["TEST_DATABASE_URL"]
    name = f"bot_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_admin_dsn(base))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
