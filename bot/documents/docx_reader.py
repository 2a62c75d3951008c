"""Read an uploaded .docx into the neutral ``Document`` model, safely and quickly.

Safety: a .docx is a zip. Before anything is inflated, the end-of-central-directory record
and then the central directory are checked (member count, declared sizes, compression
ratio); the parts that are read (the main document, its styles, two relationship files)
are then stream-inflated into the XML parser with a hard cap on the bytes actually
produced, because declared sizes can lie. A zip bomb is refused without being inflated.

Strict Open XML (Word's 「Strict Open XML 文档」) is read through ``docx_strict``: its namespaces
are renamed to the Transitional ones once the part is parsed.

Speed: the main document is parsed once with lxml (a feed parser, chunk by chunk) and
walked once (``docx_ooxml``); python-docx's object layer is not used.

Errors are ``DocxError``: ``not_docx`` with ``detected`` = "doc" | "pdf" | "wps" | "zip" |
"docm" (macros) | "external" (a remote template, a linked picture or object, fetched when
opened) | "unknown", or ``unreadable`` with ``reason`` = "too_large" | "too_many_members" | "ratio" |
"corrupt" | "encrypted".
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from bot.documents.docx_ooxml import REL_NS, WORD_DOCUMENT, read_body
from bot.documents.docx_strict import as_transitional
from bot.rules.document import Document
from bot.rules.errors import RuleError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR, _ZIP64_EOCD = b"PK\x06\x07", b"PK\x06\x06"
_MAX_ENTRY_BYTES = 512  # a central directory entry with a long name and extra fields
_CHUNK = 1 << 16
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"
_CONTENT_TYPES = "[Content_Types].xml"
_VBA_PARTS = ("vbaproject.bin", "vbadata.xml")
_MACRO_TYPES = ("macroEnabled", "vbaProject")  # in the content types of .docm parts
_HYPERLINK = "/hyperlink"
_IMPORTED_CHUNK = "/afchunk"  # altChunk: HTML/MHT/RTF that Word converts on opening, remote pictures and all
_MAX_RELS_PARTS = 200


class DocxError(RuleError):
    """The file is not a .docx (``not_docx``) or cannot be read safely (``unreadable``)."""


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on what a .docx may make us read; all sizes in bytes."""

    max_file_bytes: int = 64 << 20
    max_members: int = 2000
    max_total_bytes: int = 512 << 20  # sum of declared uncompressed sizes
    max_part_bytes: int = 16 << 20  # one XML part we parse: declared and actually inflated
    max_ratio: int = 200  # uncompressed / compressed, for members of ratio_min_bytes or more
    ratio_min_bytes: int = 1 << 20


DEFAULT_LIMITS = ZipLimits()


def read_docx(
    data: bytes | Path, limits: ZipLimits = DEFAULT_LIMITS, *, file_name: str | None = None
) -> Document:
    """Read a .docx given as bytes or a path; ``file_name`` (or the path's name) only helps
    to tell a .wps from a .doc when the bytes are an OLE compound file."""
    raw, name = _load(data, limits, file_name)
    with _open_zip(raw, name, limits) as archive:
        _check_directory(archive, limits)
        _refuse_macros(archive, limits)
        _refuse_external(archive, limits)
        main = _main_part(archive, limits)
        root = as_transitional(_parse_part(archive, main, limits))
        if root.tag != WORD_DOCUMENT:
            raise DocxError("not_docx", detected="zip")
        styles_root = _optional_part(archive, _related(archive, main, _STYLES, limits), limits)
    return read_body(root, as_transitional(styles_root) if styles_root is not None else None)


def _load(data: bytes | Path, limits: ZipLimits, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(data, Path):
        if data.stat().st_size > limits.max_file_bytes:
            raise DocxError("unreadable", reason="too_large")
        return data.read_bytes(), file_name or data.name
    if len(data) > limits.max_file_bytes:
        raise DocxError("unreadable", reason="too_large")
    return bytes(data), file_name or ""


def sniff(raw: bytes, name: str = "") -> str:
    """What a file that is not a readable .docx looks like: doc, pdf, wps, zip or unknown."""
    suffix = posixpath.splitext(name.lower())[1]
    if raw.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise DocxError("unreadable", reason="encrypted")  # a password-protected .docx
        return "wps" if suffix == ".wps" else "doc"
    if raw.startswith(b"PK"):
        return "zip"
    if b"%PDF-" in raw[:1024]:  # PDF readers accept a header anywhere in the first 1 KB
        return "pdf"
    if suffix in (".doc", ".wps"):  # RTF or HTML saved under an old Word/WPS name
        return suffix[1:]
    return "unknown"


def _open_zip(raw: bytes, name: str, limits: ZipLimits) -> zipfile.ZipFile:
    kind = sniff(raw, name)
    if kind != "zip":
        raise DocxError("not_docx", detected=kind)
    _check_eocd(raw, limits)
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error) as exc:
        raise DocxError("unreadable", reason="corrupt") from exc


def _check_eocd(raw: bytes, limits: ZipLimits) -> None:
    """Refuse a huge central directory before zipfile reads it into memory: the entry count
    and directory size of the end record (or of the zip64 end record it points to)."""
    pos = raw.rfind(_EOCD, max(0, len(raw) - 65557))
    if pos < 0 or pos + 22 > len(raw):
        raise DocxError("unreadable", reason="corrupt")
    entries, cd_size = struct.unpack_from("<HI", raw, pos + 10)
    zip64 = entries == 0xFFFF or cd_size == 0xFFFFFFFF
    if zip64 and pos >= 20 and raw[pos - 20 : pos - 16] == _ZIP64_LOCATOR:
        (record,) = struct.unpack_from("<Q", raw, pos - 12)
        if raw[record : record + 4] != _ZIP64_EOCD:
            raise DocxError("unreadable", reason="corrupt")
        entries, cd_size = struct.unpack_from("<QQ", raw, record + 32)
    if entries > limits.max_members or cd_size > limits.max_members * _MAX_ENTRY_BYTES:
        raise DocxError("unreadable", reason="too_many_members")


def _check_directory(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise DocxError("unreadable", reason="too_many_members")
    total = 0
    for info in infos:
        big = info.file_size >= limits.ratio_min_bytes
        if big and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise DocxError("unreadable", reason="ratio")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise DocxError("unreadable", reason="too_large")


def _refuse_macros(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    """A macro-enabled document (.docm, or a .docx renamed from one) is not taken: it carries a
    VBA project, or its content types declare macros."""
    names = [name.lower() for name in archive.NameToInfo]
    if any(posixpath.basename(name) in _VBA_PARTS for name in names):
        raise DocxError("not_docx", detected="docm")
    types = _optional_part(archive, _CONTENT_TYPES, limits)
    declared = [item.get("ContentType") or "" for item in types.iter()] if types is not None else []
    if any(marker in content for content in declared for marker in _MACRO_TYPES):
        raise DocxError("not_docx", detected="docm")


def _refuse_external(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    """A document that makes Word fetch something when it opens (a remote template
    ``attachedTemplate``, a linked picture, a linked OLE object or frame: any relationship with
    ``TargetMode="External"`` but a plain hyperlink, which is only followed when clicked) is refused
    like one with macros: staff would open it. So is an imported chunk (``altChunk``): Word converts
    its HTML when it opens the file, fetching what it links, and the case check never reads it."""
    names = [n for n in archive.NameToInfo if n.lower().endswith(".rels")]
    if len(names) > _MAX_RELS_PARTS:  # never a part left unread: one past the cap could fetch
        raise DocxError("unreadable", reason="too_many_members")
    for name in names:
        rels = _optional_part(archive, name, limits)
        for relationship in rels.iter(f"{{{REL_NS}}}Relationship") if rels is not None else ():
            external = (relationship.get("TargetMode") or "").lower() == "external"
            kind = (relationship.get("Type") or "").lower()
            if (external and not kind.endswith(_HYPERLINK)) or kind.endswith(_IMPORTED_CHUNK):
                raise DocxError("not_docx", detected="external")


def _parse_part(archive: zipfile.ZipFile, name: str, limits: ZipLimits) -> etree._Element:
    """Inflate one XML part into the parser, refusing it past ``max_part_bytes``."""
    info = archive.getinfo(name)
    if info.file_size > limits.max_part_bytes:
        raise DocxError("unreadable", reason="too_large")
    if info.flag_bits & 0x1:
        raise DocxError("unreadable", reason="encrypted")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    produced = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                produced += len(chunk)
                if produced > limits.max_part_bytes:
                    raise DocxError("unreadable", reason="too_large")
                parser.feed(chunk)
        return parser.close()
    except DocxError:
        raise
    except (
        etree.XMLSyntaxError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise DocxError("unreadable", reason="corrupt") from exc


def _optional_part(archive: zipfile.ZipFile, name: str | None, limits: ZipLimits) -> etree._Element | None:
    if name is None or name not in archive.NameToInfo:
        return None
    return _parse_part(archive, name, limits)


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _related(archive: zipfile.ZipFile, part: str, type_suffix: str, limits: ZipLimits) -> str | None:
    """The part that ``part`` (``""`` for the package) relates to with a type ending in
    ``type_suffix``, resolved to a zip member name."""
    rels = _optional_part(archive, _rels_name(part) if part else "_rels/.rels", limits)
    if rels is None:
        return None
    for rel in rels.iterchildren(f"{{{REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith(type_suffix) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            base = "" if target.startswith("/") else posixpath.dirname(part)
            return posixpath.normpath(posixpath.join(base, target.lstrip("/")))
    return None


def _main_part(archive: zipfile.ZipFile, limits: ZipLimits) -> str:
    name = _related(archive, "", _OFFICE_DOCUMENT, limits)
    for candidate in (name, "word/document.xml"):
        if candidate and candidate in archive.NameToInfo:
            return candidate
    raise DocxError("not_docx", detected="zip")
