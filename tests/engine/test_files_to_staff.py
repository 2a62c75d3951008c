"""Files reach staff under names the bot makes, with the type they were checked to be; a case
study with macros is refused with how to save it as a plain .docx."""

from __future__ import annotations

import io
import mimetypes
import zipfile

import pytest

from bot.campaign.schema import Campaign
from bot.documents.docx_reader import DocxError, read_docx
from tests.case.builders import make_case
from tests.engine.test_eligibility_flow import USER
from tests.engine.test_submit_flow import a_pdf, outbox
from tests.engine.test_upload_names import confirmed_form, stored_names
from tests.support.stub import Stub

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def as_docm(docx: bytes, *, with_project: bool = True, macro_type: bool = True) -> bytes:
    """``docx`` as Word saves a macro-enabled document: the main part's content type says so,
    and the VBA project travels as ``word/vbaProject.bin``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                text = data.decode()
                if macro_type:
                    text = text.replace(DOCX_MAIN, DOCM_MAIN)
                if with_project:
                    text = text.replace(
                        "</Types>", f'<Default Extension="bin" ContentType="{VBA_TYPE}"/></Types>'
                    )
                data = text.encode()
            target.writestr(info, data)
        if with_project:
            target.writestr("word/vbaProject.bin", OLE)
    return out.getvalue()


def case_docx(campaign: Campaign) -> bytes:
    assert campaign.case is not None
    return make_case(campaign.case).to_bytes()


@pytest.mark.parametrize(
    ("project", "macro_type"),
    [(True, True), (True, False), (False, True)],
    ids=["docm", "vba-only", "type-only"],
)
def test_the_reader_refuses_macros(shipped_campaign: Campaign, project: bool, macro_type: bool) -> None:
    with pytest.raises(DocxError) as refused:
        read_docx(as_docm(case_docx(shipped_campaign), with_project=project, macro_type=macro_type))
    assert refused.value.params == {"detected": "docm"}
    read_docx(case_docx(shipped_campaign))  # the same document without macros is read


async def test_a_case_study_with_macros_is_refused_with_how_to_save_it(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await confirmed_form(stub)
    [refused] = await stub.document(USER, "案例.docm", as_docm(case_docx(shipped_campaign)))
    assert "宏" in refused.plain and "Word 文档 (*.docx)" in refused.plain and "另存" in refused.plain
    assert await stored_names(stub) == []
    [renamed] = await stub.document(USER, "案例.docx", as_docm(case_docx(shipped_campaign)))
    assert "宏" in renamed.plain and await stored_names(stub) == []


async def test_staff_get_bot_made_names_and_types(stub: Stub, shipped_campaign: Campaign) -> None:
    await confirmed_form(stub)
    await stub.document(USER, "扫描件.pdf", a_pdf(3))
    await stub.document(USER, "审核意见.html", a_pdf(2))  # a real PDF under an HTML page's name
    await stub.document(USER, "案例（终稿）.DOCX", case_docx(shipped_campaign))
    await stub.command(USER, "/submit")  # the package, to confirm
    [receipt] = await stub.press(USER, "确认提交")
    assert "申报已提交" in receipt.plain
    package = await outbox(stub, "package:")
    files = {r.key.rsplit(":", 1)[1]: r.payload["file"]["name"] for r in package if "file" in r.payload}
    assert files == {"pdf": "CQ2022-0001-推荐表-v2.pdf", "case": "CQ2022-0001-案例-v1.docx"}
    assert mimetypes.guess_type(files["pdf"])[0] == "application/pdf"
    assert mimetypes.guess_type(files["case"])[0] == DOCX_MIME
    assert await stored_names(stub) == [
        "扫描件.pdf",
        "审核意见.html",
        "案例（终稿）.DOCX",
    ]  # kept for display
