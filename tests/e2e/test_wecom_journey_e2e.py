"""The whole journey of a WeChat applicant: eligibility and the form by menus and typing, the
filled form as a file, the signed PDF and the case study sent as files with the check report, 提交;
staff accept on Telegram and the decision reaches the applicant on WeChat."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.campaign.loader import load_campaign
from storage.repositories import Repositories
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import STAFF_CHAT, STAFF_USER
from tests.e2e.test_wecom_e2e import ELIGIBLE, Both, answer, running
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
        staff, group = telegram.user(STAFF_USER, first_name="工作人员"), telegram.group(STAFF_CHAT)
        summary = await telegram.next_message(STAFF_CHAT)
        assert "新申报：CQ2022-0001" in summary.plain
        telegram.press_button(staff, summary, "退回修改")  # inside the window: reaches WeChat at once
        prompt = await telegram.next_message(STAFF_CHAT)
        telegram.send_text(staff, "请补充能源利用率数据", chat=group, reply_to=prompt)
        await both.wecom.wait_for(lambda: any("请补充能源利用率数据" in t for t in chat.texts()), 15)

        await chat.send("提交", "确认提交")
        await chat.tap("确认提交", "已重新提交")
        resubmitted = await staff_message(both, "重新提交")
        both.wecom.clock.advance(49 * 3600)  # the applicant has not written for 49 hours
        telegram.press_button(staff, resubmitted, "受理")
        assert "已受理" in (await staff_message(both, "已受理")).plain
        await waiting_for_one(both)
        assert not any("已被受理" in t for t in chat.texts())  # the window is closed: it waits
        arrived = await chat.send("状态", "已被受理")  # … and comes with the answer to the next message
        assert any("已被受理" in t for t in arrived)
        assert both.wecom.refusals(chat.user) == []


async def waiting_for_one(both: Both) -> None:
    runtime = both.bot.runtime
    assert runtime is not None
    for _ in range(200):
        async with runtime.services.database.unit_of_work() as session:
            if await Repositories(session).outbox.waiting_for_people() == 1:
                return
        await asyncio.sleep(0.05)
    raise AssertionError("the decision never waited for the applicant")


async def staff_message(both: Both, fragment: str) -> Any:
    """The next message in the staff group that contains ``fragment`` (those before it read)."""
    while True:
        message = await both.telegram.next_message(STAFF_CHAT, timeout=15)
        if fragment in message.plain:
            return message
