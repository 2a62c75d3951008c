"""A content-addressed store for uploaded files (signed scans, case studies).

A file is named by the SHA-256 of its bytes and kept under two levels of shards
(``ab/cd/abcd…``), so the same upload is stored once and a name can never point at other
bytes. Writes are atomic and durable: a temporary file in the target directory is written,
flushed and fsynced, renamed over the final name, and the directory is fsynced. A crash
leaves either no file or the whole file, never a partial one under the final name.

Blocking I/O runs in ``asyncio.to_thread`` so the bot's event loop keeps serving updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_TEMP_PREFIX = ".tmp-"


class StoredFileCorrupt(OSError):
    """A stored file's bytes no longer match its name (disk error or tampering)."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    path: Path | None  # None when the store is not a local directory (S3)


class FileStore:
    """Files under ``root``, addressed by the SHA-256 (lower-case hex) of their content."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        """Where the file of ``sha256`` lives; refuses anything that is not a SHA-256 hex digest."""
        if not _SHA256_HEX.fullmatch(sha256):
            raise ValueError(f"not a lower-case SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    async def put(self, data: bytes) -> StoredFile:
        """Store ``data`` (idempotent: storing the same bytes again writes nothing)."""
        return await asyncio.to_thread(self._put, data)

    async def get(self, sha256: str, *, verify: bool = True) -> bytes:
        """The bytes stored under ``sha256``; ``FileNotFoundError`` when there are none."""
        return await asyncio.to_thread(self._get, sha256, verify)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    async def contains(self, sha256: str) -> bool:
        """``exists`` as the ``FileStorage`` protocol has it (one stat, cheap enough inline)."""
        return self.exists(sha256)

    async def delete(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        try:
            await asyncio.to_thread(path.unlink)
        except FileNotFoundError:
            return False
        return True

    # ---- blocking side -----------------------------------------------------------------

    def _put(self, data: bytes) -> StoredFile:
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha256)
        if not _same_size(path, len(data)):
            _ensure_dir(path.parent)
            _write_atomically(path, data)
        return StoredFile(sha256=sha256, size=len(data), path=path)

    def _get(self, sha256: str, verify: bool) -> bytes:
        data = self.path_for(sha256).read_bytes()
        if verify and hashlib.sha256(data).hexdigest() != sha256:
            raise StoredFileCorrupt(f"stored file {sha256} does not match its digest")
        return data


def _same_size(path: Path, size: int) -> bool:
    """An existing file of the right size is taken as already stored (a wrong size is rewritten)."""
    try:
        return path.stat().st_size == size
    except FileNotFoundError:
        return False


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_dir(path.parent)


def _ensure_dir(directory: Path) -> None:
    """Create ``directory`` and fsync the parent of every level created, so the entries persist."""
    missing = []
    current = directory
    while not current.exists():
        missing.append(current)
        current = current.parent
    for level in reversed(missing):
        level.mkdir(exist_ok=True)
        _fsync_dir(level.parent)


def _fsync_dir(directory: Path) -> None:
    """Persist a directory's entries; not every platform can open a directory (Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
