"""The one input boundary: what a person types, captions and file names reach the handlers
without code points that break XML writers, without bidi tricks, with plain widths and spaces."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.campaign.schema import Campaign
from bot.documents.form_docx import build_form_docx
from bot.engine.boundary import MAX_FILE_NAME, clean_event, clean_file_name, clean_text
from bot.engine.effects import SendFile
from bot.engine.events import Document, Sender, Text
from storage.models import Application
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_form_flow import FORM_PATH, stored_form, valid_credit_code
from tests.support.seed import seed_accepted
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub

# A company name as pasted from a web page or a PDF: a noncharacter, a right-to-left override,
# a vertical tab, a zero-width space, a no-break space and full-width letters.
PASTED_NAME = "重庆\ufffe两江\u202e智能\x0b制造\u200b有限公司\u00a0（ＡＢＣ）"
CLEAN_NAME = "重庆两江智能制造有限公司 （ABC）"
SENDER = Sender(user_id=1, chat_id=1, first_name="\u202e张三\x00")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("a\ufffeb\uffffc", "abc"),
        ("a\x00b\x01c\x1fd", "abcd"),
        ("a\ud800b", "ab"),
        ("\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069", "abcdefgh"),
        ("第一行\r\n第二行\t\u3000尾", "第一行\n第二行 尾"),
        ("ＡＢＣ１２３", "ABC123"),
    ],
)
def test_clean_text(typed: str, expected: str) -> None:
    assert clean_text(typed) == expected


def test_file_names_lose_folders_and_nul_and_keep_their_extension_when_cut() -> None:
    assert clean_file_name("..\\..\\etc/passwd") == "_.._etc_passwd"
    assert clean_file_name("推荐表\x00.pdf") == "推荐表.pdf"
    assert clean_file_name("exe\u202efdp.pdf") == "exefdp.pdf"
    long = clean_file_name("申" * 300 + ".pdf")
    assert len(long) == MAX_FILE_NAME and long.endswith("申.pdf")


def test_every_event_kind_is_cleaned() -> None:
    text = clean_event(Text(update_id=1, sender=SENDER, text="x\ufffey"))
    assert isinstance(text, Text) and text.text == "xy" and text.sender.first_name == "张三"
    doc = clean_event(Document(update_id=2, sender=SENDER, file_id="f", file_name="a\ufffe.docx", data=b"1"))
    assert isinstance(doc, Document) and doc.file_name == "a.docx" and doc.data == b"1"


async def test_a_pasted_name_is_stored_clean_and_the_form_and_export_still_work(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    await stub.press(USER, "开始填写推荐表")
    await stub.text(USER, PASTED_NAME)
    await answer(stub, [*FORM_PATH[1:4], ("type", valid_credit_code()), *FORM_PATH[5:]])
    await stub.press(USER, "确认无误")
    await stub.press(USER, "我单位承诺")
    assert (await stored_form(stub))["form"]["enterprise_name"] == CLEAN_NAME
    assert any(isinstance(e, SendFile) and e.file_name.endswith(".docx") for e in stub.last_effects)
    await stub.command(STAFF_USER, "/export", chat_id=STAFF_CHAT)
    assert any(isinstance(e, SendFile) and e.file_name.endswith(".xlsx") for e in stub.last_effects)


async def test_writers_never_raise_on_text_stored_before_the_boundary(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await seed_accepted(stub.services.database, shipped_campaign, 2, BEFORE_DEADLINE)
    async with stub.services.database.unit_of_work() as session:
        await session.execute(
            update(Application).values(form={"enterprise_name": "坏\ufffe名\x0b称", "products": "a\x01b"})
        )
    await stub.command(STAFF_USER, "/export", chat_id=STAFF_CHAT)
    [workbook] = [e for e in stub.last_effects if isinstance(e, SendFile)]
    assert workbook.data[:2] == b"PK"
    assert shipped_campaign.form is not None
    docx = build_form_docx(
        shipped_campaign.form, {"enterprise_name": "坏\ufffe名\x0b称"}, commitment_label="承诺"
    )
    assert docx[:2] == b"PK"
