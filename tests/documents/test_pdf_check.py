"""The signed scan: a real PDF of 1..20 readable pages, checked by its bytes; refusals render."""

from __future__ import annotations

import hashlib
import io
import logging
import random
import zipfile

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from bot.documents.pdf_check import (
    MAX_DOWNLOAD_BYTES,
    check_declared_size,
    check_pdf,
    detect_format,
)
from bot.domain.languages import LANGUAGES
from bot.rules.document import PdfInfo
from bot.rules.errors import RuleError
from bot.texts.render import Renderer

MB = 1024 * 1024


# ---- a corpus made here ------------------------------------------------------------------


def hand_pdf(bodies: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF written by hand: object ``i+1`` is ``bodies[i]``, object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out)


def text_pdf(pages: int, contents_ref: bytes | None = None) -> bytes:
    """``pages`` A4 pages each showing a line of text (Helvetica); objects: catalog, pages, font, …"""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [ %s ] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i in range(pages):
        stream = b"BT /F1 24 Tf 72 760 Td (Signed form, page %d) Tj ET" % (i + 1)
        contents = contents_ref or b"%d 0 R" % (5 + 2 * i)
        bodies.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %s >>" % contents
        )
        bodies.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return hand_pdf(bodies)


def writer_pdf(pages: int, user_password: str | None = None, owner_password: str | None = None) -> bytes:
    """Blank pages with a text content stream, written by pypdf (optionally encrypted)."""
    writer = PdfWriter()
    for i in range(pages):
        page = writer.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        stream.set_data(b"BT /F1 12 Tf 72 720 Td (page %d) Tj ET" % i)
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject()
    if user_password is not None:
        writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


GOOD_1 = text_pdf(1)
GOOD_3 = text_pdf(3)
JUNK = bytes(random.Random(7).randrange(256) for _ in range(2000))


def refused(data: bytes, **kwargs: int) -> RuleError:
    with pytest.raises(RuleError) as error:
        check_pdf(data, **kwargs)
    return error.value


# ---- accepted ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "pages"), [(GOOD_1, 1), (GOOD_3, 3), (writer_pdf(2), 2), (writer_pdf(20), 20)]
)
def test_good_pdfs_are_accepted_with_pages_size_and_digest(data: bytes, pages: int) -> None:
    info = check_pdf(data)
    assert info == PdfInfo(pages=pages, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    assert info.params() == {
        "pages": pages,
        "sha256": info.sha256,
        "size": len(data),
        "size_kb": -(-len(data) // 1024),
    }


def test_tolerated_imperfections() -> None:
    assert check_pdf(b"\r\n" + GOOD_1).pages == 1  # a few bytes before the header
    assert check_pdf(GOOD_1 + b"\x00" * 4000).pages == 1  # padding after %%EOF


# ---- refused -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "detected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + JUNK, "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + JUNK, "png"),
        (b"GIF89a" + JUNK, "gif"),
        (b"BM" + b"\x36\x00\x0c\x00" + b"\x00\x00\x00\x00" + JUNK, "bmp"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + JUNK, "webp"),
        (b"\x00\x00\x00\x18ftypheic" + JUNK, "heic"),
        (docx_bytes(), "docx"),
        (b"PK\x03\x04" + JUNK, "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + JUNK, "doc"),
        (b"Hello, this is a text file named form.pdf", "unknown"),
        (b"", "unknown"),
        (b"x" * 1024 + GOOD_1, "unknown"),  # a header beyond the first 1024 bytes does not count
    ],
)
def test_not_a_pdf_says_what_it_is(data: bytes, detected: str) -> None:
    error = refused(data)
    assert (error.code, error.params) == ("pdf_not_pdf", {"detected": detected})


def test_detect_format_recognises_a_pdf_for_routing() -> None:
    assert detect_format(GOOD_1) == "pdf"


@pytest.mark.parametrize(("user_password", "open_password"), [("secret", True), ("", False)])
def test_encrypted_pdfs_are_refused(user_password: str, open_password: bool) -> None:
    error = refused(writer_pdf(1, user_password, "owner"))
    assert (error.code, error.params) == ("pdf_encrypted", {"open_password": open_password})


def test_aes_encryption_is_refused_even_without_the_crypto_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """pypdf without ``cryptography`` cannot read AES; the file is still refused as encrypted."""
    import pypdf._encryption as encryption
    from pypdf._crypt_providers import _fallback

    for name in ("aes_cbc_encrypt", "aes_cbc_decrypt", "aes_ecb_encrypt", "aes_ecb_decrypt"):
        monkeypatch.setattr(encryption, name, getattr(_fallback, name))
    encrypt = b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O <%s> /U <%s> /OE <%s> /UE <%s> >>" % (
        b"00" * 48,
        b"11" * 48,
        b"22" * 32,
        b"33" * 32,
    )
    data = hand_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>", encrypt],
        trailer_extra=b"/Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>] ",
    )
    error = refused(data)
    assert (error.code, error.params) == ("pdf_encrypted", {"open_password": None})


@pytest.mark.parametrize("cut", [0.5, 0.25, 0.9])
def test_truncated_pdfs_are_refused(cut: float) -> None:
    error = refused(GOOD_3[: int(len(GOOD_3) * cut)])
    assert (error.code, error.params) == ("pdf_broken", {"reason": "truncated"})


def test_half_a_file_with_a_forged_end_marker_is_still_refused() -> None:
    error = refused(GOOD_3[: len(GOOD_3) // 2] + b"\n%%EOF\n")
    assert (error.code, error.params) == ("pdf_broken", {"reason": "unreadable"})


def test_garbage_after_a_pdf_header_is_broken() -> None:
    assert refused(b"%PDF-1.7\n" + JUNK + b"\n%%EOF\n").code == "pdf_broken"


def test_a_page_whose_contents_are_missing_is_broken() -> None:
    assert refused(text_pdf(1, contents_ref=b"99 0 R")).code == "pdf_broken"


def test_zero_pages() -> None:
    assert refused(writer_pdf(0)).code == "pdf_no_pages"
    assert (
        refused(
            hand_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
        ).code
        == "pdf_no_pages"
    )


def test_too_many_pages() -> None:
    error = refused(writer_pdf(21))
    assert (error.code, error.params) == ("pdf_too_many_pages", {"pages": 21, "max": 20})
    assert refused(GOOD_3, max_pages=2).params == {"pages": 3, "max": 2}


def test_no_exception_but_rule_errors_escape_on_damaged_files() -> None:
    rng = random.Random(2022)
    for _ in range(300):
        data = bytearray(GOOD_3)
        for _ in range(rng.randrange(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            check_pdf(bytes(data))
        except RuleError as error:
            assert error.code.startswith("pdf_")


def test_pypdf_warnings_are_silenced_and_the_logger_restored(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("pypdf")
    before = logger.level
    with caplog.at_level(logging.WARNING), pytest.raises(RuleError):
        check_pdf(GOOD_3[: len(GOOD_3) // 2] + b"\n%%EOF\n")
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logger.level == before


# ---- declared size -----------------------------------------------------------------------


def test_declared_size_is_checked_before_downloading() -> None:
    with pytest.raises(RuleError) as error:
        check_declared_size(21 * MB)
    assert (error.value.code, error.value.params) == ("pdf_too_large", {"size_mb": 21.0, "limit_mb": 20})
    with pytest.raises(RuleError) as error:
        check_declared_size(MAX_DOWNLOAD_BYTES + 1, code="file_too_large")
    assert (error.value.code, error.value.params) == ("file_too_large", {"size_mb": 20.1, "limit_mb": 20})
    check_declared_size(MAX_DOWNLOAD_BYTES)
    check_declared_size(None)  # Telegram did not say: try, the download reports its own failure
    with pytest.raises(RuleError) as error:
        check_declared_size(3 * MB, limit=int(2.5 * MB))
    assert error.value.params == {"size_mb": 3.0, "limit_mb": 2.5}


# ---- messages ----------------------------------------------------------------------------


def sample(code: str, **params: object) -> tuple[str, dict[str, object]]:
    return code, params


DETECTED = ("jpeg", "png", "gif", "bmp", "tiff", "webp", "heic", "docx", "ofd", "zip", "doc", "unknown")
SAMPLES: list[tuple[str, dict[str, object]]] = [
    *[sample("pdf_not_pdf", detected=d) for d in DETECTED],
    *[sample("pdf_encrypted", open_password=value) for value in (True, False, None)],
    ("pdf_broken", {"reason": "truncated"}),
    ("pdf_broken", {"reason": "unreadable"}),
    ("pdf_no_pages", {}),
    ("pdf_too_many_pages", {"pages": 21, "max": 20}),
    ("pdf_too_large", {"size_mb": 21.0, "limit_mb": 20}),
    ("file_too_large", {"size_mb": 35.2, "limit_mb": 20}),
    ("pdf_accepted", {"pages": 2, "sha256": "ab" * 32, "size": 123456, "size_kb": 121}),
    ("pdf_accepted", {"pages": 1, "sha256": "cd" * 32, "size": 1000, "size_kb": 1, "version": 3}),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("code", "params"), SAMPLES)
def test_every_message_renders(renderer: Renderer, lang: str, code: str, params: dict[str, object]) -> None:
    text = renderer.render(lang, f"upload/{code}", **params)
    assert text and "{" not in text
    for value in ("pages", "max", "size_mb", "limit_mb", "size_kb", "version"):
        if value in params:
            assert str(params[value]) in text, (code, value)


def test_messages_say_what_was_sent(renderer: Renderer) -> None:
    jpeg = renderer.render("zh_CN", "upload/pdf_not_pdf", detected="jpeg")
    assert jpeg.startswith("您发送的是一张图片（JPEG），不是PDF。") and "扫描全能王" in jpeg
    assert "Word" in renderer.render("zh_CN", "upload/pdf_not_pdf", detected="docx")
    assert "打开密码" in renderer.render("zh_CN", "upload/pdf_encrypted", open_password=True)
    assert "20 MB" in renderer.render("zh_CN", "upload/pdf_too_large", size_mb=21.0, limit_mb=20)
    accepted = renderer.render("zh_CN", "upload/pdf_accepted", pages=2, sha256="ab" * 32, size=1, size_kb=1)
    assert accepted == f"已收到推荐表扫描件：共 2 页，文件指纹（SHA-256）{'ab' * 8}…，大小 1 KB。"


@pytest.mark.parametrize(
    "data",
    [
        GOOD_3[: len(GOOD_3) // 2],
        writer_pdf(1, user_password="x", owner_password="y"),
        writer_pdf(21),
        writer_pdf(0),
        b"\xff\xd8\xff" + JUNK,
        docx_bytes(),
    ],
)
def test_every_refusal_of_the_corpus_renders_with_its_own_params(renderer: Renderer, data: bytes) -> None:
    error = refused(data)
    for lang in LANGUAGES:
        assert renderer.render(lang, f"upload/{error.code}", **error.params)
