"""The 公示 list (.docx, .pdf) and the 案例集 (.docx), opened again with python-docx / pypdf."""

from __future__ import annotations

import io

import docx
import pytest

from bot.campaign.schema import Campaign
from bot.documents.casebook_docx import CasebookCover, CaseEntry, build_casebook_docx
from bot.documents.publicity_docx import PublicityList, build_publicity_docx
from tests.support.selected import ENTERPRISES, case_with

LIST = PublicityList(
    title="2022年重庆市智能制造标杆企业名单公示",
    intro="经企业申报、专家评审和现场核查，拟确定以下2家企业入选，现予以公示。",
    headers=["序号", "企业名称", "所属区县", "所属行业"],
    rows=[["1", ENTERPRISES[0][0], "渝北区", "装备"], ["2", ENTERPRISES[1][0], "沙坪坝区", "电子"]],
    closing=["公示期间，对公示企业有异议的，请以书面形式反映。", "联系人：吴鹏飞，电话63895239。"],
    issuer="重庆市经济和信息化委员会",
    date="2022年8月1日",
)


def test_publicity_docx_has_the_table_in_order_and_the_contact() -> None:
    document = docx.Document(io.BytesIO(build_publicity_docx(LIST)))
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells] == LIST.headers
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == LIST.rows
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == LIST.title
    assert "联系人：吴鹏飞，电话63895239。" in paragraphs and paragraphs[-1] == "2022年8月1日"


def test_publicity_pdf_holds_the_same_words() -> None:
    from pypdf import PdfReader

    from bot.documents.publicity_pdf import NoCjkFont, build_publicity_pdf

    try:
        data = build_publicity_pdf(LIST)
    except NoCjkFont:
        pytest.skip("no CJK font installed (scripts/install-fonts.sh)")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", "")
    assert LIST.title in text and "渝北区" in text and "63895239" in text


def test_casebook_keeps_each_case_whole_behind_a_cover_and_contents(shipped_campaign: Campaign) -> None:
    cases = [
        CaseEntry(heading=f"案例{i}　{name}", docx=case_with(shipped_campaign, sentence).to_bytes())
        for i, (name, _, _, sentence) in enumerate(ENTERPRISES, start=1)
    ]
    cover = CasebookCover(
        "重庆市智能制造案例集",
        "共收录3个案例",
        "重庆市经济和信息化委员会",
        "2022年9月1日",
        "目　录",
        "（更新域）",
    )
    document = docx.Document(io.BytesIO(build_casebook_docx(cover, cases)))
    paragraphs = [p.text for p in document.paragraphs]
    assert (
        paragraphs.index("重庆市智能制造案例集")
        < paragraphs.index("目　录")
        < paragraphs.index(cases[0].heading)
    )
    for (_, _, _, sentence), entry in zip(ENTERPRISES, cases, strict=True):
        assert paragraphs.index(entry.heading) < paragraphs.index(sentence)
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert rows.count(["生产效率", "100件/班", "135件/班"]) == len(cases)
    source = docx.Document(io.BytesIO(cases[0].docx))
    assert len(document.inline_shapes) == len(source.inline_shapes) * len(cases)
    section_headings = [
        p.text for p in source.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    kept = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert section_headings and all(kept.count(h) == len(cases) for h in section_headings)
    field = "".join(document.element.xpath("//w:instrText/text()"))
    assert "TOC" in field and "Casebook Case" in field
    assert document.settings.element.xpath("//w:updateFields") == []  # never asks Word to update on opening


def test_volumes_keep_the_order_and_stay_under_the_limit() -> None:
    from bot.documents.casebook_docx import volumes

    cases = [CaseEntry(heading=str(i), docx=b"x" * size) for i, size in enumerate([40, 30, 50, 90, 10])]
    split = volumes(cases, 80)
    assert [[c.heading for c in part] for part in split] == [["0", "1"], ["2"], ["3"], ["4"]]
    assert volumes(cases, 1000) == [cases]
