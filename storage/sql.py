"""SQL helpers that differ by dialect."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind else "sqlite"


def insert_ignore(session: AsyncSession, table: Any, values: dict[str, Any]) -> Any:
    return insert_ignore_of(dialect_of(session), table, values)


def insert_ignore_of(dialect: str, table: Any, values: dict[str, Any]) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` in ``dialect`` ("sqlite" or "postgresql")."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).values(**values).on_conflict_do_nothing()


def upsert(session: AsyncSession, table: Any, values: dict[str, Any], keys: list[str]) -> Any:
    """``INSERT … ON CONFLICT (keys) DO UPDATE`` setting the other values."""
    insert = postgresql.insert if dialect_of(session) == "postgresql" else sqlite.insert
    changed = {name: value for name, value in values.items() if name not in keys}
    return insert(table).values(**values).on_conflict_do_update(index_elements=keys, set_=changed)
