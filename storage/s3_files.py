"""A content-addressed file store in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW…).

Used when several bot instances share one database: a file uploaded through one instance must be
readable by the others, which a local directory cannot give. The naming is the local store's
(``prefix + ab/cd/abcd…``, the SHA-256 of the bytes), so a directory and a bucket can be copied
into each other with ``aws s3 sync``.

Credentials are never part of the configuration: boto3 reads them from its usual chain
(``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` in the environment, or an instance role), and
this module neither stores nor logs them.

The bucket is not created here: an operator creates it (with versioning) and grants the bot
``s3:GetObject``, ``s3:PutObject`` and ``s3:ListBucket`` (without ``ListBucket``, S3 answers a
HEAD of a missing object with 403 rather than 404). ``ensure_bucket`` exists for tests and for
a first local setup.

boto3 is synchronous; every call runs in ``asyncio.to_thread`` (a boto3 client is thread-safe).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from storage.file_storage import (
    FileStorageUnavailable,
    StoredFile,
    StoredFileCorrupt,
    StoredFileMissing,
    sharded_name,
)

_NOT_FOUND_CODES = frozenset({"404", "NoSuchKey", "NotFound"})
_MISSING_BUCKET_CODES = frozenset({"404", "NoSuchBucket", "NotFound"})
_OWNED_BUCKET_CODES = frozenset({"BucketAlreadyOwnedByYou", "BucketAlreadyExists"})


@dataclass(frozen=True)
class S3Settings:
    """Where the files live; ``endpoint_url`` is ``None`` for AWS itself."""

    endpoint_url: str | None
    bucket: str
    prefix: str = ""
    region: str = "us-east-1"


class S3FileStore:
    """Files in ``bucket`` under ``prefix``, addressed by the SHA-256 of their content."""

    def __init__(
        self, endpoint_url: str | None, bucket: str, prefix: str = "", region: str = "us-east-1"
    ) -> None:
        if not bucket:
            raise ValueError("an S3 file store needs a bucket name")
        self.endpoint_url = endpoint_url
        self.bucket = bucket
        self.prefix = _normalize_prefix(prefix)
        self.region = region
        self._client = _make_client(endpoint_url, region)

    @classmethod
    def from_settings(cls, settings: S3Settings) -> S3FileStore:
        return cls(settings.endpoint_url, settings.bucket, settings.prefix, settings.region)

    def __repr__(self) -> str:
        where = f"endpoint_url={self.endpoint_url!r}, bucket={self.bucket!r}, prefix={self.prefix!r}"
        return f"S3FileStore({where})"

    @property
    def client(self) -> Any:
        """The underlying boto3 S3 client (for tests and operator tooling)."""
        return self._client

    def key_for(self, sha256: str) -> str:
        """The object key of the file of ``sha256``; refuses anything that is not a SHA-256 digest."""
        return self.prefix + sharded_name(sha256)

    async def put(self, data: bytes) -> StoredFile:
        """Store ``data`` (idempotent: an object of the right size already there is kept)."""
        return await asyncio.to_thread(self._put, data)

    async def get(self, sha256: str, *, verify: bool = True) -> bytes:
        """The bytes stored under ``sha256``; ``StoredFileMissing`` when there are none."""
        return await asyncio.to_thread(self._get, sha256, verify)

    async def contains(self, sha256: str) -> bool:
        return await asyncio.to_thread(self._size_of, self.key_for(sha256)) is not None

    async def delete(self, sha256: str) -> bool:
        key = self.key_for(sha256)
        if await asyncio.to_thread(self._size_of, key) is None:
            return False
        with self._translated("DeleteObject", key):
            await asyncio.to_thread(self._client.delete_object, Bucket=self.bucket, Key=key)
        return True

    async def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist. Production deployments create it beforehand."""
        await asyncio.to_thread(self._ensure_bucket)

    # ---- blocking side -----------------------------------------------------------------

    def _put(self, data: bytes) -> StoredFile:
        sha256 = hashlib.sha256(data).hexdigest()
        key = self.key_for(sha256)
        if self._size_of(key) != len(data):  # absent, or a wrong size: (re)write it
            with self._translated("PutObject", key):
                self._client.put_object(
                    Bucket=self.bucket, Key=key, Body=data, ContentType="application/octet-stream"
                )
        return StoredFile(sha256=sha256, size=len(data), path=None)

    def _get(self, sha256: str, verify: bool) -> bytes:
        key = self.key_for(sha256)
        with self._translated("GetObject", key):
            try:
                data: bytes = self._client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
            except ClientError as error:
                if _error_code(error) in _NOT_FOUND_CODES:
                    raise StoredFileMissing(f"no stored file {sha256} at {self._where(key)}") from None
                raise
        if verify and hashlib.sha256(data).hexdigest() != sha256:
            raise StoredFileCorrupt(f"stored file {sha256} at {self._where(key)} does not match its digest")
        return data

    def _size_of(self, key: str) -> int | None:
        """The size of the object at ``key``, ``None`` when there is none."""
        with self._translated("HeadObject", key):
            try:
                response = self._client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as error:
                if _error_code(error) in _NOT_FOUND_CODES:
                    return None
                raise
        return int(response["ContentLength"])

    def _ensure_bucket(self) -> None:
        with self._translated("HeadBucket", ""):
            try:
                self._client.head_bucket(Bucket=self.bucket)
                return
            except ClientError as error:
                if _error_code(error) not in _MISSING_BUCKET_CODES:
                    raise
        extra: dict[str, Any] = {}
        if self.region != "us-east-1":  # S3 refuses a LocationConstraint of us-east-1
            extra["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        with self._translated("CreateBucket", ""):
            try:
                self._client.create_bucket(Bucket=self.bucket, **extra)
            except ClientError as error:
                if _error_code(error) not in _OWNED_BUCKET_CODES:  # else another instance won the race
                    raise

    @contextlib.contextmanager
    def _translated(self, operation: str, key: str) -> Iterator[None]:
        """Turn botocore's errors into ``FileStorageUnavailable``, an ``OSError`` like a disk's."""
        try:
            yield
        except (BotoCoreError, ClientError) as error:
            raise FileStorageUnavailable(f"S3 {operation} {self._where(key)} failed: {error}") from error

    def _where(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"


def _make_client(endpoint_url: str | None, region: str) -> Any:
    """A boto3 S3 client; credentials come from boto3's default chain, never from us."""
    config = Config(
        region_name=region,
        connect_timeout=5,
        read_timeout=60,
        retries={"mode": "standard", "max_attempts": 4},
        # Path-style URLs for a custom endpoint: MinIO and most self-hosted servers have no
        # wildcard DNS for bucket subdomains.
        s3={"addressing_style": "path" if endpoint_url else "auto"},
        # Checksums only where S3 requires them: several S3-compatible servers reject the newer
        # flexible-checksum trailers, and ``get`` verifies the SHA-256 of every file anyway.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    session = boto3.session.Session()
    return session.client("s3", endpoint_url=endpoint_url, config=config)


def _normalize_prefix(prefix: str) -> str:
    """``"bot/files"`` and ``"/bot/files/"`` both become ``"bot/files/"``; ``""`` stays ``""``."""
    prefix = prefix.strip("/")
    return f"{prefix}/" if prefix else ""


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))
