"""``python -m bot backup --out DIR`` and ``restore --from DIR``: the database and the files.

PostgreSQL is dumped with ``pg_dump -Fc`` and restored with ``pg_restore --clean``; SQLite is
copied with SQLite's online backup API (consistent while the bot runs). The file store
directory is copied as is (content-addressed files never change). With the S3 backend, back up
the bucket with the object store's own tools (docs/DEPLOY.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import Settings

DUMP, SQLITE_COPY, FILES = "database.dump", "database.sqlite", "files"


def _sqlite_path(url: str) -> Path | None:
    prefix = "sqlite+aiosqlite:///"
    return Path(url.removeprefix(prefix)) if url.startswith(prefix) else None


def _pg_args(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore; the password goes in the environment."""
    parts = urlsplit(url.replace("postgresql+asyncpg://", "postgresql://"))
    args = [
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
        "-d",
        parts.path.lstrip("/"),
    ]
    return args, ({"PGPASSWORD": parts.password} if parts.password else {})


def backup(settings: Settings, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    url = settings.database_url()
    written = []
    sqlite_file = _sqlite_path(url)
    if sqlite_file is not None:
        target = out / SQLITE_COPY
        with sqlite3.connect(sqlite_file) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        written.append(target)
    else:
        args, env = _pg_args(url)
        target = out / DUMP
        subprocess.run(["pg_dump", "-Fc", "-f", str(target), *args], check=True, env=_env(env))
        written.append(target)
    files_dir = settings.resolve(settings.storage.files_dir)
    if files_dir.exists():
        shutil.copytree(files_dir, out / FILES, dirs_exist_ok=True)
        written.append(out / FILES)
    return written


def restore(settings: Settings, source: Path) -> None:
    """Put the database and files of ``source`` back (the bot must be stopped)."""
    url = settings.database_url()
    sqlite_file = _sqlite_path(url)
    if sqlite_file is not None:
        for leftover in (
            sqlite_file.with_name(sqlite_file.name + "-wal"),
            sqlite_file.with_name(sqlite_file.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(source / SQLITE_COPY, sqlite_file)
    else:
        args, env = _pg_args(url)
        subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", *args, str(source / DUMP)],
            check=True,
            env=_env(env),
        )
    if (source / FILES).exists():
        files_dir = settings.resolve(settings.storage.files_dir)
        shutil.copytree(source / FILES, files_dir, dirs_exist_ok=True)


def _env(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **extra}
