"""Reminders and staff notices through the outbox, over real HTTP, on both frameworks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.engine.clock import FakeClock
from bot.rules.reminders import reminder_instant
from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, Chat, InProcessBot, write_config
from tests.e2e.test_eligibility_e2e import ELIGIBLE, answer, start

DEADLINE = datetime(2031, 8, 10, 15, 59, 59, tzinfo=UTC)  # 23:59:59 in Shanghai
FAST_TICKS = "[scheduler]\ntick_seconds = 0.2\n"


def config_for(tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str) -> Path:
    return write_config(
        tmp_path, emulator.base_url, framework, database_url, deadline=DEADLINE, extra=FAST_TICKS
    )


async def test_reminder_arrives_once_and_blocked_user_is_not_retried(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str
) -> None:
    from datetime import time
    from zoneinfo import ZoneInfo

    clock = FakeClock(DEADLINE - timedelta(days=9))
    config = config_for(tmp_path, emulator, framework, database_url)
    bot = InProcessBot(config, clock)
    await bot.start()
    alice, bob = Chat(emulator, 7101), Chat(emulator, 7102)
    try:
        for chat in (alice, bob):
            await start(chat)
            await answer(chat, ELIGIBLE[:2])
        emulator.block(bob.user)
        clock.set(reminder_instant(DEADLINE, ZoneInfo("Asia/Shanghai"), 7, time(9)) + timedelta(minutes=1))
        [reminder] = await alice.replies(1)
        assert "还有 7 天截止" in reminder.plain and "还有 9 题未答" in reminder.plain
        assert "继续" in reminder.button_texts()[0]
        await emulator.wait_for(lambda: bot.runtime is not None and bot.runtime.sender.stats.blocked == 1)
    finally:
        await bot.stop()
    restarted = InProcessBot(config, clock)
    await restarted.start()
    try:
        await emulator.wait_idle(quiet=0.8)
        texts = [m.plain for m in emulator.messages(alice.user_id) if "申报提醒" in m.plain]
        assert len(texts) == 1
        failed_sends = [
            c
            for c in emulator.calls_of("sendMessage")
            if c.params.get("chat_id") in (7102, "7102") and c.status == 403
        ]
        assert len(failed_sends) == 1
    finally:
        await restarted.stop()


async def test_staff_extension_reaches_the_applicant(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str
) -> None:
    bot = InProcessBot(config_for(tmp_path, emulator, framework, database_url))
    await bot.start()
    try:
        chat = Chat(emulator, 7103)
        await start(chat)
        staff = emulator.user(STAFF_USER, first_name="工作人员")
        group = emulator.group(STAFF_CHAT)
        emulator.send_text(staff, "/extend CQ2022-0001 2031-08-20", chat=group)
        confirmation = await emulator.next_message(STAFF_CHAT)
        assert "已将 CQ2022-0001 的截止时间延长至 2031-08-20 23:59" in confirmation.plain
        [notice] = await chat.replies(1)
        assert "延长截止时间" in notice.plain and "2031年08月20日" in notice.plain
    finally:
        await bot.stop()


async def test_reminder_through_429_and_500_then_refusal_after_the_deadline(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str
) -> None:
    """The real adapter meets Telegram's errors: 429 (waits retry_after), 500 (backs off), then
    the reminder arrives once; after the deadline an upload is refused and /status still works."""
    from datetime import time
    from zoneinfo import ZoneInfo

    clock = FakeClock(DEADLINE - timedelta(days=2))
    bot = InProcessBot(config_for(tmp_path, emulator, framework, database_url), clock)
    await bot.start()
    chat = Chat(emulator, 7104)
    try:
        await start(chat)
        await answer(chat, ELIGIBLE)
        emulator.fail_next("sendMessage", 429, retry_after=1)
        emulator.fail_next("sendMessage", 500, description="Internal Server Error")
        clock.set(reminder_instant(DEADLINE, ZoneInfo("Asia/Shanghai"), 1, time(9)) + timedelta(minutes=1))

        def last_status() -> int | None:
            calls = [c for c in emulator.calls_of("sendMessage") if str(c.params.get("chat_id")) == "7104"]
            return calls[-1].status if calls else None

        await emulator.wait_for(lambda: last_status() == 429)
        while last_status() != 200:  # move the bot's clock past retry_after, then the back-off
            clock.advance(timedelta(seconds=5))
            await asyncio.sleep(0.3)
        [reminder] = await chat.replies(1)
        assert "还有 1 天截止" in reminder.plain
        statuses = [
            c.status for c in emulator.calls_of("sendMessage") if str(c.params.get("chat_id")) == "7104"
        ]
        assert statuses[-3:] == [429, 500, 200]
        clock.set(DEADLINE + timedelta(seconds=1))
        emulator.sent_at = clock.now().timestamp()  # sent after the deadline, as Telegram stamps it
        emulator.send_document(chat.user, "案例.docx", b"PK\x03\x04late")
        [refused] = await chat.replies(1)
        assert "申报已截止" in refused.plain
        [status] = await chat.send("/status")
        assert "已过截止时间" in status.plain
        await emulator.wait_idle(chat.user_id, quiet=0.5)
        assert sum("申报提醒" in m.plain for m in emulator.messages(chat.user_id)) == 1
    finally:
        await bot.stop()


async def test_the_bot_stops_at_once_while_telegram_asks_it_to_wait(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str
) -> None:
    """Telegram answers a reminder with 429 and 30 s to wait: stopping the bot meanwhile takes well
    under 2 s (the outbox's waits end on stop; before, the runtime waited 35 s for the sender)."""
    from datetime import time
    from zoneinfo import ZoneInfo

    clock = FakeClock(DEADLINE - timedelta(days=2))
    bot = InProcessBot(config_for(tmp_path, emulator, framework, database_url), clock)
    await bot.start()
    chat = Chat(emulator, 7105)
    try:
        await start(chat)
        emulator.fail_next("sendMessage", 429, retry_after=30)
        clock.set(reminder_instant(DEADLINE, ZoneInfo("Asia/Shanghai"), 1, time(9)) + timedelta(minutes=1))
        await emulator.wait_for(
            lambda: any(c.status == 429 for c in emulator.calls_of("sendMessage")), timeout=15
        )
    finally:
        loop = asyncio.get_running_loop()
        began = loop.time()
        await bot.stop()
        stopped_in = loop.time() - began
    assert stopped_in < 2.0
