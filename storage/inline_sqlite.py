"""SQLite for the asyncio engine without a thread hop per call.

SQLAlchemy's ``sqlite+aiosqlite`` driver sends every cursor, execute, fetch, close and commit to a
thread of its own and waits for the event loop to be woken with the answer: five or so hops per
statement, each waiting behind whatever else the loop has to do. Under a rush that, not SQLite,
set the pace: a unit of work held the process's one SQLite writer turn (``storage/db.py``) for
those hops, so every other applicant waited for them too.

This module gives SQLAlchemy's aiosqlite adapter (through ``create_async_engine(async_creator=…)``)
a connection with aiosqlite's interface whose calls run at once on the caller's thread. A SQLite
statement of this bot takes microseconds and a commit well under a millisecond, so running them
on the loop costs the others less than the hops did. The heavy work (files, documents, workbooks)
stays off the loop, as before (``bot/documents/inspection.py``).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator, Iterable
from typing import Any


class _RunNow:
    """Stands in for aiosqlite's request queue, which SQLAlchemy uses directly to set the
    isolation level: the function runs at once and its future is resolved."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:
            if future is not None:
                future.set_exception(exc)
        else:
            if future is not None:
                future.set_result(result)


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = None) -> InlineCursor:
        self._cursor.execute(sql, () if parameters is None else parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def close(self) -> None:
        self._cursor.close()

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()


class _Ready:
    """What ``Connection.cursor()`` returns in aiosqlite: awaitable, and an async context manager."""

    def __init__(self, cursor: InlineCursor) -> None:
        self._cursor = cursor

    def __await__(self) -> Generator[Any, None, InlineCursor]:
        return self._cursor.__aenter__().__await__()

    async def __aenter__(self) -> InlineCursor:
        return self._cursor

    async def __aexit__(self, *_: object) -> None:
        await self._cursor.close()


class InlineConnection:
    """The part of ``aiosqlite.Connection`` SQLAlchemy's adapter uses."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _RunNow()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> _Ready:
        return _Ready(InlineCursor(self._conn.cursor()))

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    async def create_function(
        self, name: str, num_params: int, func: Any, deterministic: bool = False
    ) -> None:
        self._conn.create_function(name, num_params, func, deterministic=deterministic)


def connector(database: str) -> Callable[[], Any]:
    """The ``async_creator`` of an engine on the SQLite file ``database``."""

    async def connect() -> InlineConnection:
        # Used only on the event loop's thread; not checked, so that a connection the garbage
        # collector finalises on another thread closes quietly.
        return InlineConnection(sqlite3.connect(database, check_same_thread=False))

    return connect
