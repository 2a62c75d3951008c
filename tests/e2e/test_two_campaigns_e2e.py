"""Two campaigns open in one process: the 2022 notice and a second one written by the test
(another deadline, an extra condition, a field removed, five case sections, threshold 3,
top 3). The second runs the whole journey end to end with no code change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.campaign.loader import load_campaign
from bot.engine.clock import FakeClock
from bot.sandbox.emulator import BotApiEmulator
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, Chat, InProcessBot, write_config
from tests.e2e.test_documents_e2e import a_pdf
from tests.e2e.test_eligibility_e2e import ELIGIBLE, answer
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.support.second_campaign import EXTRA_CLAUSE, SECOND_ID, write_second_campaign

USER = 7301
BEFORE_2022_DEADLINE = datetime(2022, 8, 1, 1, 0, tzinfo=UTC)


@pytest.fixture
async def two(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str
) -> AsyncIterator[Path]:
    second = write_second_campaign(tmp_path)
    config = write_config(
        tmp_path, emulator.base_url, framework, database_url, campaign_files=[SHIPPED_CAMPAIGN, second]
    )
    bot = InProcessBot(config, FakeClock(BEFORE_2022_DEADLINE))
    emulator.sent_at = BEFORE_2022_DEADLINE.timestamp()  # Telegram's stamp agrees with the bot's clock
    await bot.start()
    yield second
    await bot.stop()


async def staff_until(emulator: BotApiEmulator, fragment: str):  # type: ignore[no-untyped-def]
    """The next staff-chat message containing ``fragment`` (package parts may come in between)."""
    while True:
        message = await emulator.next_message(STAFF_CHAT)
        if fragment in message.plain:
            return message


async def test_second_campaign_whole_journey(two: Path, emulator: BotApiEmulator) -> None:
    second = load_campaign(two)
    assert second.case is not None
    chat = Chat(emulator, USER)
    [menu] = await chat.send("/start")
    assert len(menu.button_texts()) == 2 and "2031年重庆市智能工厂提升行动申报" in menu.plain
    [unknown] = await chat.send("/start nope")  # the reason above the menu, in one message
    assert "没有找到" in unknown.plain and len(unknown.button_texts()) == 2

    [welcome] = await chat.send(f"/start {SECOND_ID}")
    assert "2031年09月30日" in welcome.plain
    await chat.press("同意")
    await answer(chat, ELIGIBLE)
    assert "申报条件 12/12" in chat.last().plain
    [failure] = await chat.press("否")
    assert "通知§二（四）规定" in failure.plain and EXTRA_CLAUSE in failure.plain
    await chat.press("修改这个回答")
    await chat.press("是")
    assert "符合申报条件" in chat.last().plain

    await chat.press("开始填写推荐表")
    steps = [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:7], *FORM_PATH[8:]]
    for how, value in steps:
        await (chat.press(value, expect=0) if how == "press" else chat.send(value, expect=0))
        await chat.until("推荐表 ", "请核对推荐表")
    summary = chat.last().plain
    assert "推荐表 11/11" not in summary and "上缴税金" not in summary and "出口（万美元）" in summary
    await chat.press("确认无误")
    await chat.press("我单位承诺")
    emulator.send_document(chat.user, "推荐表.pdf", a_pdf(1), mime_type="application/pdf")
    await chat.replies(1)
    emulator.send_document(chat.user, "案例.docx", make_case(second.case).to_bytes())
    [report] = await chat.replies(1)
    assert (
        "五、发展规划" in report.plain and "六、" not in report.plain and "/3000字 ✓" in report.plain
    )  # the second campaign's minimum
    await chat.send("/submit")
    [receipt] = await chat.press("确认提交")
    assert "SZ2031-0001" in receipt.plain

    staff, group = emulator.user(STAFF_USER), emulator.group(STAFF_CHAT)
    package = await emulator.next_message(STAFF_CHAT)
    assert "SZ2031-0001" in package.plain
    emulator.press_button(staff, package, "受理")
    await staff_until(emulator, "已受理")
    await chat.until("已被受理")
    emulator.send_text(staff, "/verify SZ2031-0001 3", chat=group)
    verdict = await staff_until(emulator, "核查")
    assert "核查不通过" in verdict.plain and "达到 3 处" in verdict.plain
    emulator.send_text(staff, f"/ranking {SECOND_ID}", chat=group)
    assert "前 3 名入选" in (await staff_until(emulator, "排名")).plain

    [welcome_2022] = await chat.send("/start cq-benchmark-2022")  # with its first question
    assert "渝经信智能〔2022〕38号" in welcome_2022.plain and "申报条件 1/11" in welcome_2022.plain
    [status] = await chat.send("/status")
    assert "SZ2031-0001" in status.plain and "CQ2022-0001" in status.plain
