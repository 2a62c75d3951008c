"""The interface every file store satisfies, and the naming rules they share.

Two backends implement it: ``storage.files.FileStore`` (a local directory, the default) and
``storage.s3_files.S3FileStore`` (an S3-compatible bucket, for several bot instances that must
read each other's uploads). Both name a file by the SHA-256 of its bytes and shard the name in
two levels (``ab/cd/abcd…``), so a file stored by one backend can be copied to the other as is.

Errors are ``OSError`` subclasses whatever the backend, so a caller that survives a disk error
survives an unreachable bucket too:

* a name that is not a SHA-256 digest: ``ValueError``;
* no file under that name: ``FileNotFoundError`` (``StoredFileMissing`` from the S3 store);
* bytes that no longer match the name: ``StoredFileCorrupt``;
* the object storage refused or could not be reached: ``FileStorageUnavailable``.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

from storage.files import StoredFile, StoredFileCorrupt

__all__ = [
    "FileStorage",
    "FileStorageUnavailable",
    "StoredFile",
    "StoredFileCorrupt",
    "StoredFileMissing",
    "check_sha256",
    "sharded_name",
]

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")  # used with fullmatch: "$" would let "…\n" through


class StoredFileMissing(FileNotFoundError):
    """No file is stored under the name asked for."""


class FileStorageUnavailable(OSError):
    """The storage backend failed (unreachable, access denied, no such bucket…)."""


@runtime_checkable
class FileStorage(Protocol):
    """A content-addressed file store; see the module docstring for the errors it raises."""

    async def put(self, data: bytes) -> StoredFile:
        """Store ``data`` under its SHA-256; storing the same bytes again writes nothing."""
        ...

    async def get(self, sha256: str, *, verify: bool = True) -> bytes:
        """The bytes stored under ``sha256``, checked against the name unless ``verify`` is off."""
        ...

    async def contains(self, sha256: str) -> bool:
        """Whether a file is stored under ``sha256``."""
        ...

    async def delete(self, sha256: str) -> bool:
        """Remove the file stored under ``sha256``; False when there was none. Callers first make
        sure no upload row still names it (files are shared by content)."""
        ...


def check_sha256(sha256: str) -> str:
    """``sha256`` itself when it is a lower-case SHA-256 hex digest; ``ValueError`` otherwise."""
    if not isinstance(sha256, str) or not _SHA256_HEX.fullmatch(sha256):
        raise ValueError(f"not a lower-case SHA-256 hex digest: {sha256!r}")
    return sha256


def sharded_name(sha256: str) -> str:
    """``ab/cd/abcd…``: the relative name both backends store the file of ``sha256`` under."""
    check_sha256(sha256)
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"
