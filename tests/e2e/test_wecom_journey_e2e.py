"""The whole journey of a WeChat applicant: eligibility and the form by menus and typing, the
filled form as a file, the signed PDF and the case study sent as files with the check report, 提交;
staff accept on Telegram and the decision reaches the applicant on WeChat."""

from __future__ import annotations

from pathlib import Path

from bot.campaign.loader import load_campaign
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import STAFF_CHAT, STAFF_USER
from tests.e2e.test_wecom_e2e import ELIGIBLE, answer, running
from tests.e2e.wechat import WeChat
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.engine.test_submit_flow import a_pdf


async def test_a_wechat_applicant_applies_and_staff_accept_on_telegram(
    tmp_path: Path, database_url: str
) -> None:
    case = load_campaign(SHIPPED_CAMPAIGN).case
    assert case is not None
    async with running(tmp_path, database_url) as both:
        chat = WeChat(both.wecom, "wmJourney01")
        await chat.enter("", "同意")
        await chat.tap("同意", "申报条件 1/11")
        await answer(chat, ELIGIBLE[:-1])
        await chat.tap("是", "📝 开始填写推荐表")  # the result, then its menus
        await chat.tap("开始填写推荐表", "推荐表 ")
        for how, value in [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:]]:
            act = chat.tap if how == "press" else chat.send
            await act(value, "推荐表 ", "请核对推荐表")
        assert not any("分享手机号" in text for text in chat.texts())  # no such button on WeChat
        await chat.tap("确认无误", "承诺")
        after = await chat.tap("我单位承诺", "推荐表已确认")
        form = [m for m in chat.messages() if m["msgtype"] == "file"]
        assert form and form[-1]["file"]["name"].endswith(".docx") and any("推荐表已确认" in t for t in after)
        assert any("共 2 页" in t for t in await chat.send_file("推荐表.pdf", a_pdf(2), "共 2 页"))
        report = await chat.send_file("案例.docx", make_case(case).to_bytes(), "结构检查")
        assert any("结构检查通过" in t for t in report)
        await chat.send("提交", "确认提交")
        assert any("申报已提交" in t for t in await chat.tap("确认提交", "申报已提交"))

        telegram = both.telegram
        staff = telegram.user(STAFF_USER, first_name="工作人员")
        summary = await telegram.next_message(STAFF_CHAT)
        assert "新申报：CQ2022-0001" in summary.plain
        telegram.press_button(staff, summary, "受理")
        await both.wecom.wait_for(lambda: any("已被受理" in t for t in chat.texts()), 15)
        assert both.wecom.refusals(chat.user) == []
