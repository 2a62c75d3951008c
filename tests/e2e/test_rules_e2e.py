"""Issue 16 end to end, on both frameworks over real HTTP: a company the experts confirm at level 2
is told 未通过 (notice §一 applied to the confirmed level), and a case study sent before the
deadline but processed after it is accepted (judged by Telegram's send time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.campaign.loader import load_campaign
from bot.engine.clock import FakeClock
from bot.sandbox.emulator import BotApiEmulator
from storage.db import Database
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import (
    STAFF_CHAT,
    STAFF_USER,
    Chat,
    InProcessBot,
    free_port,
    webhook_section,
    write_config,
)
from tests.e2e.test_eligibility_e2e import ELIGIBLE, answer, start
from tests.support.seed import seed_accepted


async def test_confirmed_level_two_is_told_not_passed(
    bot: InProcessBot, emulator: BotApiEmulator, database_url: str
) -> None:
    campaign = load_campaign(SHIPPED_CAMPAIGN)
    database = Database(database_url)
    (low, low_number), (high, high_number) = await seed_accepted(database, campaign, 2, datetime.now(UTC))
    await database.close()
    for user in (low, high):
        emulator.user(user)
    staff, group = emulator.user(STAFF_USER, first_name="工作人员"), emulator.group(STAFF_CHAT)
    emulator.send_text(staff, f"/verify {low_number} 1 2 2.5", chat=group)
    verified = await emulator.next_message(STAFF_CHAT)
    assert "不予通过" in verified.plain and "§一" in verified.plain
    emulator.send_text(staff, f"/verify {high_number} 0 4 4.2", chat=group)
    await emulator.next_message(STAFF_CHAT)
    emulator.send_text(staff, f"/casescore {high_number} 80", chat=group)
    await emulator.next_message(STAFF_CHAT)
    emulator.send_text(staff, "/announce", chat=group)
    preview = await emulator.next_message(STAFF_CHAT)
    assert "入选：1 家" in preview.plain and "核查未通过：1 家" in preview.plain
    emulator.press_button(staff, preview, "确认发布")
    second = await emulator.next_message(STAFF_CHAT)  # the test's deadline is ahead: named, asked again
    assert "尚未到期" in second.plain
    emulator.press_button(staff, second, "确认在截止日")
    told = await emulator.next_message(low, timeout=30)
    assert "未通过" in told.plain and "二级" in told.plain and "恭喜" not in told.plain
    assert "恭喜" in (await emulator.next_message(high, timeout=30)).plain


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_case_sent_before_the_deadline_and_processed_after_it_is_accepted(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str, mode: str
) -> None:
    deadline = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    extra = webhook_section(free_port()) if mode == "webhook" else ""
    config = write_config(
        tmp_path, emulator.base_url, framework, database_url, deadline=deadline, extra=extra, mode=mode
    )
    clock = FakeClock(deadline - timedelta(minutes=30))
    bot = InProcessBot(config, clock)
    await bot.start()
    try:
        chat = Chat(emulator, 7301)
        await start(chat)
        await answer(chat, ELIGIBLE)
        case = load_campaign(SHIPPED_CAMPAIGN).case
        assert case is not None
        clock.set(deadline + timedelta(minutes=3))  # a backlog: the bot gets to it after the deadline
        emulator.sent_at = (deadline - timedelta(seconds=2)).timestamp()  # Telegram's stamp: 2 s before
        emulator.send_document(chat.user, "案例.docx", make_case(case).to_bytes())
        [report] = await chat.replies(1)
        assert "结构检查通过" in report.plain, report.plain
        emulator.sent_at = (deadline + timedelta(seconds=1)).timestamp()  # one second late
        emulator.send_document(chat.user, "案例.docx", make_case(case).to_bytes())
        [late] = await chat.replies(1)
        assert "已截止" in late.plain
    finally:
        await bot.stop()
