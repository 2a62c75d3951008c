"""The content-addressed file store: round trip, idempotence, atomic writes, digests."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from storage.files import FileStore, StoredFile, StoredFileCorrupt

DATA = b"%PDF-1.4 signed and stamped form\n" * 100


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files")


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def test_round_trip(store: FileStore) -> None:
    stored = await store.put(DATA)
    assert await store.get(stored.sha256) == DATA
    assert store.exists(stored.sha256)


async def test_name_is_the_sha256_sharded_in_two_levels(store: FileStore) -> None:
    digest = hashlib.sha256(DATA).hexdigest()
    stored = await store.put(DATA)
    path = store.root / digest[:2] / digest[2:4] / digest
    assert stored == StoredFile(sha256=digest, size=len(DATA), path=path)
    assert stored.path.read_bytes() == DATA
    assert all_files(store.root) == [stored.path]


async def test_put_is_idempotent(store: FileStore) -> None:
    first = await store.put(DATA)
    mtime = first.path.stat().st_mtime_ns
    second = await store.put(DATA)
    assert first == second
    assert first.path.stat().st_mtime_ns == mtime  # not rewritten
    assert all_files(store.root) == [first.path]


async def test_different_content_different_files(store: FileStore) -> None:
    a, b, empty = await store.put(b"a"), await store.put(b"b"), await store.put(b"")
    assert len({a.path, b.path, empty.path}) == 3
    assert await store.get(empty.sha256) == b""


async def test_a_failed_write_leaves_no_file(store: FileStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        await store.put(DATA)
    digest = hashlib.sha256(DATA).hexdigest()
    assert not store.exists(digest)
    assert all_files(store.root) == []  # no temporary file left behind either
    monkeypatch.undo()
    assert (await store.put(DATA)).path.read_bytes() == DATA


async def test_a_file_of_the_wrong_size_is_rewritten(store: FileStore) -> None:
    stored = await store.put(DATA)
    stored.path.write_bytes(DATA[:10])  # e.g. a partial copy restored from elsewhere
    await store.put(DATA)
    assert await store.get(stored.sha256) == DATA


async def test_corruption_is_detected_on_read(store: FileStore) -> None:
    stored = await store.put(DATA)
    stored.path.write_bytes(DATA.replace(b"signed", b"forged"))
    with pytest.raises(StoredFileCorrupt):
        await store.get(stored.sha256)
    assert await store.get(stored.sha256, verify=False) != DATA


async def test_missing_and_malformed_names(store: FileStore) -> None:
    with pytest.raises(FileNotFoundError):
        await store.get("0" * 64)
    assert not store.exists("0" * 64)
    for bad in ("../../etc/passwd", "AB" * 32, "a" * 63, ""):
        with pytest.raises(ValueError):
            store.exists(bad)
        with pytest.raises(ValueError):
            await store.get(bad)
