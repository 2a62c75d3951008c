"""The recommendation form after it was confirmed (issue 30.4): /form still downloads it after
submission, as the bot promised ("随时可发送 /form 重新下载推荐表"); the form .docx the bot sent,
sent back, is recognised as the unsigned form and not filed as the case study."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.engine.effects import SendFile
from tests.engine.test_eligibility_flow import USER
from tests.engine.test_submit_flow import ready_package, submit
from tests.support.stub import Stub


def sent_docx(stub: Stub) -> SendFile:
    [document] = [e for e in stub.last_effects if isinstance(e, SendFile) and e.file_name.endswith(".docx")]
    return document


async def test_form_downloads_after_submission(stub: Stub, shipped_campaign: Campaign) -> None:
    await ready_package(stub, shipped_campaign)
    await submit(stub)
    replies = await stub.command(USER, "/form")
    document = sent_docx(stub)
    assert document.data[:2] == b"PK"
    text = "\n".join([document.caption or "", *(m.plain for m in replies)])
    assert "请先完成申报条件" not in text
    assert "已提交，待审核" in text and "不能再修改" in text


async def test_the_bots_own_form_sent_back_is_not_taken_for_the_case(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await ready_package(stub, shipped_campaign)
    await stub.command(USER, "/form")
    form = sent_docx(stub).data
    [reply] = await stub.document(USER, "推荐表.docx", form)
    assert "本助手生成的推荐表" in reply.plain and "PDF" in reply.plain
    assert "已收到案例" not in reply.plain
    [status] = await stub.command(USER, "/status")
    assert "第1版" in status.plain and "第2版" not in status.plain  # the real case study stays the latest
