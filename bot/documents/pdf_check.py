"""Check the signed and stamped scan of the recommendation form before it is accepted.

The file's bytes decide, never its name: a photo or a Word file renamed to ``.pdf`` is refused
with what it really is, so the message can say what to do instead. A PDF must open without a
password, be complete and have a readable page tree with ``1..max_pages`` pages.

Every refusal is a ``RuleError`` whose code names ``templates/messages/<lang>/upload/<code>.j2``:

- ``pdf_not_pdf`` (``detected``: jpeg, png, gif, bmp, tiff, webp, heic, docx, ofd, zip, doc, unknown)
- ``pdf_encrypted`` (``open_password``: True when a password is needed to open it, False when
  only printing/editing is restricted, None when that cannot be told)
- ``pdf_broken`` (``reason``: truncated or unreadable)
- ``pdf_no_pages``
- ``pdf_too_many_pages`` (``pages``, ``max``)
- ``pdf_too_large`` / ``file_too_large`` (``size_mb``, ``limit_mb``) from ``check_declared_size``
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import DictionaryObject, IndirectObject, NullObject, PdfObject

from bot.rules.document import PdfInfo
from bot.rules.errors import RuleError

MIB = 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * MIB  # the cloud Bot API's getFile limit
HEADER_WINDOW = 1024  # readers accept a few bytes of junk before ``%PDF-``
TAIL_WINDOW = 1024  # ``%%EOF`` must be this close to the end, as Acrobat expects
MAX_PAGES = 20

# Magic numbers of what people send instead of a PDF (checked in this order).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),  # OLE: .doc, .wps, .xls
)


def check_declared_size(
    file_size: int | None, limit: int = MAX_DOWNLOAD_BYTES, *, code: str = "pdf_too_large"
) -> None:
    """Refuse a file Telegram says is larger than the bot may download, before downloading it.

    ``file_size`` is optional in the Bot API; when it is unknown the download is attempted and
    the caller handles the Bot API's refusal. Use ``code="file_too_large"`` for other uploads.
    """
    if file_size is not None and file_size > limit:
        raise RuleError(code, size_mb=math.ceil(file_size * 10 / MIB) / 10, limit_mb=_mb(limit))


def _mb(size: int) -> int | float:
    """Whole megabytes print without a decimal (20, not 20.0)."""
    value = round(size / MIB, 1)
    return int(value) if value.is_integer() else value


def check_pdf(data: bytes, max_pages: int = MAX_PAGES) -> PdfInfo:
    """Accept ``data`` as a PDF scan of 1..``max_pages`` pages or raise ``RuleError``."""
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise RuleError("pdf_not_pdf", detected=detect_format(data))
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\f\r ")[-TAIL_WINDOW:]:
        raise RuleError("pdf_broken", reason="truncated")
    with _quiet_pypdf():
        pages = _count_pages(data, max_pages)
    return PdfInfo(pages=pages, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def detect_format(data: bytes) -> str:
    """What a file really is, from its first bytes (``pdf`` too, for callers routing uploads)."""
    if b"%PDF-" in data[:HEADER_WINDOW]:
        return "pdf"
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    if data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00":  # reserved header fields are zero
        return "bmp"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
        return "heic"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _zip_kind(data)
    return "unknown"


def _zip_kind(data: bytes) -> str:
    """A zip is a .docx when it holds ``word/``, an OFD when it holds ``OFD.xml``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except Exception:  # a damaged zip is still "a zip"
        names = []
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.upper() == "OFD.XML" for name in names):
        return "ofd"
    return "zip"


def _count_pages(data: bytes, max_pages: int) -> int:
    """Open with pypdf; every exception it raises becomes ``pdf_broken``."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except DependencyError as exc:  # opening tried the empty password on AES, which needs a library
        raise RuleError("pdf_encrypted", open_password=None) from exc
    except Exception as exc:  # pypdf raises many kinds on damaged input
        raise RuleError("pdf_broken", reason="unreadable") from exc
    if encrypted:
        raise RuleError("pdf_encrypted", open_password=_needs_open_password(reader))
    try:
        pages = len(reader.pages)
    except Exception as exc:
        raise RuleError("pdf_broken", reason="unreadable") from exc
    if pages == 0:
        raise RuleError("pdf_no_pages")
    if pages > max_pages:
        raise RuleError("pdf_too_many_pages", pages=pages, max=max_pages)
    try:
        for page in reader.pages:
            _read_page(page)
    except Exception as exc:
        raise RuleError("pdf_broken", reason="unreadable") from exc
    return pages


def _needs_open_password(reader: PdfReader) -> bool | None:
    """False when only an owner password restricts the file (it opens without one).

    None when it cannot be told: pypdf needs the optional ``cryptography`` package for AES.
    """
    try:
        return not reader.decrypt("")
    except Exception:
        return None


def _read_page(page: PageObject) -> None:
    """Resolve what a viewer needs to show the page: its box, contents and images.

    Resolving an object makes pypdf read it from the file, so a page whose objects are
    missing or cut off raises here. Streams are read raw, not decoded: cheap even for scans.
    """
    _ = page.mediabox
    contents = page.get("/Contents")
    for item in _as_list(contents):
        _resolve(item)
    resources = _resolve(page.get("/Resources"))
    if isinstance(resources, DictionaryObject):
        xobjects = _resolve(resources.get("/XObject"))
        if isinstance(xobjects, DictionaryObject):
            for ref in xobjects.values():
                _resolve(ref)


def _as_list(value: PdfObject | None) -> list[Any]:
    resolved = _resolve(value)
    if resolved is None:
        return []
    if isinstance(resolved, list):
        return list(resolved)
    return [resolved]


def _resolve(value: Any) -> Any:
    """Follow an indirect reference; a dangling one is an error, not ``None``."""
    if isinstance(value, IndirectObject):
        resolved = value.get_object()
        if resolved is None or isinstance(resolved, NullObject):
            raise ValueError(f"object {value.idnum} {value.generation} R is missing")
        return resolved
    return value


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning for every repair it attempts; users' files are often imperfect."""
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)
