"""Build the configured file store: the local directory by default, an S3 bucket when configured."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storage.file_storage import FileStorage
from storage.files import FileStore

if TYPE_CHECKING:
    from storage.s3_files import S3Settings


def make_file_store(files_dir: Path, s3: S3Settings | None) -> FileStorage:
    """``S3FileStore`` when ``s3`` is given, else ``FileStore(files_dir)``.

    boto3 is imported only on the S3 branch, so a local-only deployment starts without it.
    """
    if s3 is None:
        return FileStore(files_dir)
    from storage.s3_files import S3FileStore

    return S3FileStore.from_settings(s3)
