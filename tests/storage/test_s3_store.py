"""The S3 file store against moto's server mode, and the contract it shares with the local store.

moto runs as a real HTTP server on 127.0.0.1 (a free port), so the store goes through boto3's
whole stack (signing, HTTP, error parsing) as it would against MinIO or AWS.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from storage.file_storage import FileStorage, FileStorageUnavailable, StoredFileMissing
from storage.file_store_factory import make_file_store
from storage.files import FileStore, StoredFileCorrupt

try:
    import boto3  # noqa: F401  (only checking that it is installed)
    from moto.server import ThreadedMotoServer
except ImportError as missing:
    S3_MISSING: str | None = f"S3 tests need boto3 and moto[server] (the test extras): {missing}"
else:
    S3_MISSING = None

if TYPE_CHECKING:
    from storage.s3_files import S3FileStore

needs_s3 = pytest.mark.skipif(S3_MISSING is not None, reason=S3_MISSING or "")

DATA = b"%PDF-1.4 signed and stamped form\n" * 100
DIGEST = hashlib.sha256(DATA).hexdigest()
SECRET = "dummy-secret-that-must-never-be-shown"


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """One moto S3 server for the session, on a free loopback port."""
    if S3_MISSING:
        pytest.skip(S3_MISSING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Dummy credentials, and nothing from the developer's own AWS setup."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def bucket() -> str:
    return f"files-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def new_s3_store(moto_endpoint: str, aws_env: None, bucket: str) -> Callable[..., S3FileStore]:
    """Make an ``S3FileStore`` on the test bucket, as each bot instance would make its own."""
    from storage.s3_files import S3FileStore

    def new(prefix: str = "bot/files", bucket_name: str = bucket) -> S3FileStore:
        return S3FileStore(moto_endpoint, bucket_name, prefix=prefix)

    return new


@pytest.fixture
async def s3_store(new_s3_store: Callable[..., S3FileStore]) -> S3FileStore:
    store = new_s3_store()
    await store.ensure_bucket()
    return store


def record_puts(store: S3FileStore) -> list[dict[str, Any]]:
    """Record the request of every PutObject the store's client sends."""
    requests: list[dict[str, Any]] = []
    store.client.meta.events.register("before-call.s3.PutObject", lambda params, **_: requests.append(params))
    return requests


# ---- the S3 store --------------------------------------------------------------------------


@needs_s3
async def test_round_trip_under_the_prefix_and_the_sharded_name(s3_store: S3FileStore) -> None:
    stored = await s3_store.put(DATA)
    assert (stored.sha256, stored.size, stored.path) == (DIGEST, len(DATA), None)
    key = f"bot/files/{DIGEST[:2]}/{DIGEST[2:4]}/{DIGEST}"
    assert s3_store.key_for(DIGEST) == key
    assert s3_store.client.head_object(Bucket=s3_store.bucket, Key=key)["ContentLength"] == len(DATA)
    assert await s3_store.get(DIGEST) == DATA
    assert await s3_store.contains(DIGEST)


@needs_s3
async def test_put_is_idempotent(s3_store: S3FileStore) -> None:
    puts = record_puts(s3_store)
    first = await s3_store.put(DATA)
    second = await s3_store.put(DATA)
    assert first == second
    assert len(puts) == 1  # the second put found the object by HEAD and wrote nothing


@needs_s3
async def test_an_object_of_the_wrong_size_is_rewritten(s3_store: S3FileStore) -> None:
    key = s3_store.key_for(DIGEST)
    s3_store.client.put_object(Bucket=s3_store.bucket, Key=key, Body=DATA[:10])  # a partial copy
    await s3_store.put(DATA)
    assert await s3_store.get(DIGEST) == DATA


@needs_s3
async def test_a_file_put_by_one_instance_is_read_by_another(
    s3_store: S3FileStore, new_s3_store: Callable[..., S3FileStore]
) -> None:
    other = new_s3_store()
    assert not await other.contains(DIGEST)
    await s3_store.put(DATA)
    assert await other.contains(DIGEST)
    assert await other.get(DIGEST) == DATA


@needs_s3
async def test_a_missing_file(s3_store: S3FileStore) -> None:
    with pytest.raises(StoredFileMissing, match=DIGEST) as raised:
        await s3_store.get(DIGEST)
    assert isinstance(raised.value, FileNotFoundError)  # as the local store raises
    assert not await s3_store.contains(DIGEST)


@needs_s3
async def test_a_corrupt_object(s3_store: S3FileStore) -> None:
    await s3_store.put(DATA)
    forged = DATA.replace(b"signed", b"forged")
    s3_store.client.put_object(Bucket=s3_store.bucket, Key=s3_store.key_for(DIGEST), Body=forged)
    with pytest.raises(StoredFileCorrupt, match=DIGEST):
        await s3_store.get(DIGEST)
    assert await s3_store.get(DIGEST, verify=False) == forged


@needs_s3
@pytest.mark.parametrize(
    "name",
    ["", DIGEST.upper(), DIGEST[:-1], DIGEST + "0", f"{DIGEST}\n", "../" + DIGEST[3:]],
    ids=["empty", "upper-case", "short", "long", "trailing-newline", "traversal"],
)
async def test_invalid_names_are_refused(s3_store: S3FileStore, name: str) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        await s3_store.get(name)
    with pytest.raises(ValueError, match="SHA-256"):
        await s3_store.contains(name)


@needs_s3
async def test_a_missing_bucket_is_an_error_not_created(new_s3_store: Callable[..., S3FileStore]) -> None:
    store = new_s3_store(bucket_name="nobody-made-this")
    with pytest.raises(FileStorageUnavailable, match="nobody-made-this") as raised:
        await store.put(DATA)
    assert isinstance(raised.value, OSError)
    assert SECRET not in str(raised.value) and SECRET not in repr(store)
    await store.ensure_bucket()
    await store.ensure_bucket()  # idempotent
    assert (await store.put(DATA)).sha256 == DIGEST


@needs_s3
def test_prefix_is_normalized_and_a_bucket_is_required(new_s3_store: Callable[..., S3FileStore]) -> None:
    assert new_s3_store(prefix="").key_for(DIGEST).startswith(DIGEST[:2] + "/")
    assert new_s3_store(prefix="/a/b/").prefix == new_s3_store(prefix="a/b").prefix == "a/b/"
    with pytest.raises(ValueError, match="bucket"):
        new_s3_store(bucket_name="")


@needs_s3
def test_the_factory_builds_an_s3_store(moto_endpoint: str, aws_env: None, tmp_path: Path) -> None:
    from storage.s3_files import S3FileStore, S3Settings

    store = make_file_store(tmp_path, S3Settings(endpoint_url=moto_endpoint, bucket="b", prefix="p"))
    assert isinstance(store, S3FileStore) and isinstance(store, FileStorage)
    where = (store.endpoint_url, store.bucket, store.prefix, store.region)
    assert where == (moto_endpoint, "b", "p/", "us-east-1")


def test_the_factory_defaults_to_the_local_directory(tmp_path: Path) -> None:
    store = make_file_store(tmp_path / "files", None)
    assert isinstance(store, FileStore) and isinstance(store, FileStorage)
    assert store.root == tmp_path / "files"


# ---- the contract both stores keep -------------------------------------------------------------


@dataclass
class Backend:
    store: FileStorage
    overwrite: Callable[[str, bytes], Awaitable[None]]  # replace a stored file's bytes behind its back


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        local = FileStore(tmp_path / "files")

        async def overwrite_file(sha256: str, data: bytes) -> None:
            local.path_for(sha256).write_bytes(data)

        return Backend(local, overwrite_file)
    s3: Any = request.getfixturevalue("s3_store")  # skips when boto3 or moto are missing

    async def overwrite_object(sha256: str, data: bytes) -> None:
        s3.client.put_object(Bucket=s3.bucket, Key=s3.key_for(sha256), Body=data)

    return Backend(s3, overwrite_object)


async def test_contract_round_trip(backend: Backend) -> None:
    store = backend.store
    assert not await store.contains(DIGEST)
    stored = await store.put(DATA)
    assert (stored.sha256, stored.size) == (DIGEST, len(DATA))
    assert await store.contains(DIGEST)
    assert await store.get(DIGEST) == DATA


async def test_contract_put_is_idempotent_and_content_addressed(backend: Backend) -> None:
    store = backend.store
    assert await store.put(DATA) == await store.put(DATA)
    a, b, empty = await store.put(b"a"), await store.put(b"b"), await store.put(b"")
    assert len({a.sha256, b.sha256, empty.sha256}) == 3
    assert (await store.get(a.sha256), await store.get(empty.sha256)) == (b"a", b"")


async def test_contract_missing_corrupt_and_invalid(backend: Backend) -> None:
    store = backend.store
    with pytest.raises(FileNotFoundError):
        await store.get(DIGEST)
    await store.put(DATA)
    await backend.overwrite(DIGEST, DATA.replace(b"signed", b"forged"))
    with pytest.raises(StoredFileCorrupt):
        await store.get(DIGEST)
    for name in ("", DIGEST.upper(), "../etc/passwd"):
        with pytest.raises(ValueError):
            await store.get(name)
        with pytest.raises(ValueError):
            await store.contains(name)


async def test_contract_delete(backend: Backend) -> None:
    store = backend.store
    assert await store.delete(DIGEST) is False  # nothing there
    await store.put(DATA)
    assert await store.delete(DIGEST) is True
    assert not await store.contains(DIGEST)
    with pytest.raises(FileNotFoundError):
        await store.get(DIGEST)
    with pytest.raises(ValueError):
        await store.delete("../etc/passwd")
