"""Submission to the staff group and back, over real HTTP, on both frameworks."""

from __future__ import annotations

from bot.campaign.loader import load_campaign
from bot.sandbox.emulator import BotApiEmulator
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, Chat, InProcessBot
from tests.e2e.test_documents_e2e import a_pdf, fill_form
from tests.e2e.test_eligibility_e2e import USER

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def test_submit_return_resubmit_accept(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    case = load_campaign(SHIPPED_CAMPAIGN).case
    assert case is not None
    staff, group = emulator.user(STAFF_USER, first_name="工作人员"), emulator.group(STAFF_CHAT)
    chat = Chat(emulator, USER)  # the staff group exists before the package is sent to it
    await fill_form(chat)
    [refused] = await chat.send("/submit")
    assert "还不能提交" in refused.plain and "推荐表：待确认企业承诺" in refused.plain
    assert "案例（Word）：未上传" in refused.plain
    await chat.press("确认无误")
    await chat.press("我单位承诺")
    # a real PDF under an HTML name: staff get it under a name and type the bot makes
    emulator.send_document(chat.user, "审核意见.html", a_pdf(2), mime_type="text/html")
    await chat.replies(1)
    emulator.send_document(chat.user, "案例.docx", make_case(case).to_bytes())
    [report] = await chat.replies(1)
    assert "结构检查通过" in report.plain
    await chat.send("/submit")
    [receipt] = await chat.press("确认提交")
    assert "申报已提交" in receipt.plain

    summary, pdf, docx_file, checks = [await emulator.next_message(STAFF_CHAT) for _ in range(4)]
    assert "新申报：CQ2022-0001" in summary.plain
    assert summary.button_texts() == ["✅ 受理", "↩️ 退回修改", "🔎 详情"]
    assert pdf.document_bytes == a_pdf(2) and pdf.file_name == "CQ2022-0001-推荐表-v1.pdf"
    assert pdf.document and pdf.document["mime_type"] == "application/pdf"
    assert docx_file.file_name == "CQ2022-0001-案例-v1.docx" and docx_file.document
    assert docx_file.document["mime_type"] == DOCX_MIME
    assert "案例结构检查" in checks.plain

    emulator.press_button(emulator.user(USER), summary, "受理")  # not staff: refused, nothing changes
    await emulator.wait_for(
        lambda: len(emulator.callback_answers) > 0 and emulator.callback_answers[-1].show_alert
    )

    emulator.press_button(staff, summary, "退回修改")
    prompt = await emulator.next_message(STAFF_CHAT)
    assert "原因" in prompt.plain
    emulator.send_text(staff, "请补充能源利用率数据", chat=group, reply_to=prompt)
    assert "已退回修改" in (await emulator.next_message(STAFF_CHAT)).plain
    [notice] = await chat.replies(1)
    assert "请补充能源利用率数据" in notice.plain

    await chat.send("/submit")
    [again] = await chat.press("确认提交")
    assert "已重新提交" in again.plain
    resubmitted = await emulator.next_message(STAFF_CHAT)
    assert "重新提交（第2次）" in resubmitted.plain
    for _ in range(3):
        await emulator.next_message(STAFF_CHAT)
    emulator.press_button(staff, resubmitted, "受理")
    assert "已受理" in (await emulator.next_message(STAFF_CHAT)).plain
    [accepted] = await chat.replies(1)
    assert "已被受理" in accepted.plain
