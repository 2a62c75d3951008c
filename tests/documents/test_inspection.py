"""A sent file is read before the update's transaction; handlers get the same outcome as when
they read it themselves, errors included."""

from __future__ import annotations

import pytest

from bot.campaign.loader import load_campaign
from bot.documents.docx_reader import DocxError
from bot.documents.inspection import checked_pdf, inspect, read_case
from bot.rules.errors import RuleError
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.engine.test_submit_flow import a_pdf


async def test_a_scan_is_checked_once_and_its_pages_counted() -> None:
    data = a_pdf(3)
    inspection = inspect(data, "推荐表.pdf")
    assert inspection.docx is None
    info = await checked_pdf(b"", inspection)  # from the inspection: the bytes are not read again
    assert info.pages == 3 and info.size == len(data)


async def test_a_case_study_is_read_once() -> None:
    rules = load_campaign(SHIPPED_CAMPAIGN).case
    assert rules is not None
    data = make_case(rules).to_bytes()
    inspection = inspect(data, "智能制造案例.docx")
    assert inspection.pdf is None
    document = await read_case(b"", "智能制造案例.docx", inspection)
    assert document == await read_case(data, "智能制造案例.docx", None)


async def test_what_the_file_is_not_is_raised_as_when_read_directly() -> None:
    truncated_pdf = a_pdf(1)[:-200]
    with pytest.raises(RuleError) as from_inspection:
        await checked_pdf(truncated_pdf, inspect(truncated_pdf, "scan.pdf"))
    with pytest.raises(RuleError) as direct:
        await checked_pdf(truncated_pdf, None)
    assert from_inspection.value.code == direct.value.code == "pdf_broken"

    not_a_docx = b"PK\x03\x04" + b"\x00" * 64  # a zip header and nothing behind it
    with pytest.raises(DocxError):
        await read_case(not_a_docx, "案例.docx", inspect(not_a_docx, "案例.docx"))


def test_a_photo_is_left_to_the_handler() -> None:
    jpeg = b"\xff\xd8\xff\xe0" + b"0" * 500
    assert inspect(jpeg, "scan.jpg") == inspect(b"", "x")
