"""A .docx is a zip: limits, zip bombs, and files that are not .docx at all."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from bot.documents.docx_reader import DEFAULT_LIMITS, DocxError, ZipLimits, read_docx, sniff

from .builders import CaseDoc

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _error(data: bytes | Path, limits: ZipLimits = DEFAULT_LIMITS, **kw: str) -> DocxError:
    with pytest.raises(DocxError) as info:
        read_docx(data, limits, **kw)
    return info.value


def _small_docx() -> bytes:
    case = CaseDoc()
    case.paragraph("内容" * 50)
    return case.to_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_one_gib_zip_bomb_is_refused_without_inflating(bomb_path: Path) -> None:
    assert bomb_path.stat().st_size < 8 << 20
    error = _error(bomb_path)
    assert error.code == "unreadable"
    assert error.params["reason"] in ("ratio", "too_large")


def test_bomb_is_refused_by_declared_size_even_without_the_ratio_check(bomb_path: Path) -> None:
    error = _error(bomb_path, ZipLimits(max_ratio=10**9))
    assert (error.code, error.params) == ("unreadable", {"reason": "too_large"})


def test_lying_declared_size_does_not_let_more_through() -> None:
    """Declared sizes patched down: zipfile stops at the declared size, the CRC fails."""
    raw = bytearray(_small_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        local = archive.getinfo("word/document.xml").header_offset
    struct.pack_into("<I", raw, local + 22, 64)  # local header: uncompressed size
    patched = 0
    pos = raw.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46 : pos + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", raw, pos + 24, 64)  # central directory: uncompressed size
            patched += 1
        pos = raw.find(b"PK\x01\x02", pos + 4)
    assert patched == 1
    error = _error(bytes(raw))
    assert (error.code, error.params) == ("unreadable", {"reason": "corrupt"})


def test_part_cap_applies_to_what_is_inflated() -> None:
    error = _error(_small_docx(), ZipLimits(max_part_bytes=512))
    assert (error.code, error.params) == ("unreadable", {"reason": "too_large"})


def test_too_many_members() -> None:
    data = _zip({f"word/media/{i}.bin": b"x" for i in range(30)} | {"word/document.xml": b"<x/>"})
    error = _error(data, ZipLimits(max_members=20))
    assert (error.code, error.params) == ("unreadable", {"reason": "too_many_members"})


def test_zip64_directory_is_checked_before_it_is_read() -> None:
    """More than 65535 members: the counts are in the zip64 end record."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for i in range(70_000):
            archive.writestr(f"m/{i}", b"")
    assert buffer.getvalue()[-42:-38] == b"PK\x06\x07"  # the zip64 locator
    assert _error(buffer.getvalue()).params == {"reason": "too_many_members"}


def test_total_declared_size() -> None:
    error = _error(_small_docx(), ZipLimits(max_total_bytes=1000))
    assert (error.code, error.params) == ("unreadable", {"reason": "too_large"})


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    path.write_bytes(_small_docx())
    assert _error(path, ZipLimits(max_file_bytes=100)).params == {"reason": "too_large"}


def test_corrupt_xml_and_corrupt_zip() -> None:
    broken_xml = _zip({"word/document.xml": b"<w:document><w:body>"})
    assert _error(broken_xml).params == {"reason": "corrupt"}
    assert _error(b"PK\x03\x04" + b"\x00" * 100).params == {"reason": "corrupt"}


@pytest.mark.parametrize(
    ("data", "name", "detected"),
    [
        (OLE + b"\x00" * 600 + "WordDocument".encode("utf-16-le"), "case.docx", "doc"),
        (OLE + b"\x00" * 600, "案例.wps", "wps"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "case.docx", "pdf"),
        (b"{\\rtf1\\ansi hello}", "case.doc", "doc"),
        (b"plain text renamed", "case.docx", "unknown"),
        (b"\x89PNG\r\n\x1a\n", "photo.docx", "unknown"),
    ],
)
def test_not_docx_says_what_it_looks_like(data: bytes, name: str, detected: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    error = _error(path)
    assert (error.code, error.params) == ("not_docx", {"detected": detected})
    assert _error(data, file_name=name).params == {"detected": detected}


def test_a_zip_that_is_not_a_word_document() -> None:
    xlsx_like = _zip(
        {
            "_rels/.rels": (
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": b"<workbook/>",
        }
    )
    assert _error(xlsx_like).params == {"detected": "zip"}
    assert _error(_zip({"readme.txt": b"hi"})).params == {"detected": "zip"}


def test_password_protected_docx_is_unreadable_not_a_doc() -> None:
    data = OLE + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    assert _error(data).params == {"reason": "encrypted"}


def test_sniff() -> None:
    assert sniff(b"PK\x03\x04") == "zip"
    assert sniff(b"junk%PDF-1.4") == "pdf"
