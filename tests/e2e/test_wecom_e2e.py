"""WeChat applicants end to end: the bot in process, the WeCom 微信客服 emulator over real HTTP
(encrypted callbacks, kf/sync_msg, kf/send_msg, menus), Telegram staff beside them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.engine.channels import WECOM, address
from bot.engine.clock import FakeClock
from bot.engine.outbox_payload import message_payload
from bot.sandbox.emulator import BotApiEmulator
from storage.repositories import Repositories
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, TOKEN, Chat, InProcessBot, write_config
from tests.e2e.wechat import (
    AES_KEY,
    CALLBACK_PATH,
    CALLBACK_TOKEN,
    CORP_ID,
    OPEN_KFID,
    SECRET,
    WECOM_ENV,
    WeChat,
    wecom_section,
)

wecom_emulator = pytest.importorskip("bot.sandbox.wecom.emulator")

# The eligibility answers of an eligible enterprise, as a WeChat user gives them (menus, typing).
ELIGIBLE = [
    ("tap", "是"),
    ("tap", "是"),
    ("tap", "智能工厂"),
    ("type", "两江智能工厂"),
    ("tap", "2021"),
    ("tap", "否"),
    ("tap", "三级"),
    ("type", "3.3"),
    ("tap", "三级"),
    ("type", "3.5"),
    ("tap", "是"),
]


@dataclass
class Both:
    bot: InProcessBot
    wecom: Any
    telegram: BotApiEmulator

    async def notify(self, chat: WeChat, key: str, text: str) -> None:
        """Queue a message to the applicant the way a staff decision does (an outbox row)."""
        runtime = self.bot.runtime
        assert runtime is not None
        async with runtime.services.database.unit_of_work() as session:
            await Repositories(session).outbox.enqueue(
                key, address(WECOM, chat.user), message_payload(text), runtime.services.deps.clock.now()
            )
        runtime.sender.wake()


@asynccontextmanager
async def running(tmp_path: Path, database_url: str, **config: Any) -> AsyncIterator[Both]:
    """The bot with [wecom] and Telegram, each against its emulator, on one fake clock."""
    clock = FakeClock(config.pop("start", datetime.now(UTC).replace(microsecond=0)))
    emu = wecom_emulator.WeComEmulator(CORP_ID, SECRET, OPEN_KFID, CALLBACK_TOKEN, AES_KEY, clock=clock)
    api_base = await emu.start()
    section, port = wecom_section(api_base)
    extra = section + config.pop("extra", "")
    async with BotApiEmulator(token=TOKEN) as telegram:
        telegram.group(STAFF_CHAT)  # the bot is in the staff group before any package is sent to it
        path = write_config(tmp_path, telegram.base_url, "ptb", database_url, extra=extra, **config)
        bot = InProcessBot(path, clock=clock, environ=WECOM_ENV)
        await bot.start()
        emu.set_callback(f"http://127.0.0.1:{port}{CALLBACK_PATH}")
        try:
            yield Both(bot, emu, telegram)
        finally:
            await bot.stop()
            await emu.stop()


@pytest.fixture
async def both(tmp_path: Path, database_url: str) -> AsyncIterator[Both]:
    async with running(tmp_path, database_url) as started:
        yield started


async def answer(chat: WeChat, steps: list[tuple[str, str]]) -> None:
    for how, value in steps:
        if how == "tap":
            await chat.tap(value)
        else:
            await chat.send(value)


async def test_the_callback_url_is_verified_with_echostr(both: Both) -> None:
    assert await both.wecom.verify_callback()  # type: ignore[attr-defined]


async def test_a_wechat_applicant_is_found_eligible_by_menus_and_words(both: Both) -> None:
    chat = WeChat(both.wecom, "wmApplicant01")
    welcome = await chat.enter("", "同意")
    assert any("智能制造标杆企业" in text for text in welcome)
    await chat.tap("同意", "申报条件 1/11")
    await answer(chat, ELIGIBLE)
    assert "符合申报条件" in chat.last() and "两江智能工厂" in chat.last()
    await chat.send("帮助", "查看进度和截止时间")  # help offers the commands as menu items
    assert any("申报进度" in text for text in await chat.tap("查看进度和截止时间", "申报进度"))
    status = await chat.send("状态", "申报进度")
    assert any("申报进度" in text and "符合申报条件" in text for text in status)
    assert both.wecom.refusals("wmApplicant01") == []  # type: ignore[attr-defined]


async def test_a_decision_arrives_inside_the_window_and_waits_for_the_next_message_outside(
    both: Both,
) -> None:
    chat = WeChat(both.wecom, "wmApplicant02")
    await chat.enter("", "同意")
    first = await chat.tap("同意", "申报条件 1/11")
    assert any("48 小时" in text for text in first)  # the window's rule, told once
    await both.notify(chat, "decision:1", "申报已受理")
    await both.wecom.wait_for(lambda: "申报已受理" in chat.texts())
    both.wecom.clock.advance(49 * 3600)  # the window has closed
    await both.notify(chat, "decision:2", "申报已退回补正")
    runtime = both.bot.runtime
    assert runtime is not None

    async def waiting() -> int:
        async with runtime.services.database.unit_of_work() as session:
            return await Repositories(session).outbox.waiting_for_people()

    for _ in range(100):
        if await waiting() == 1:
            break
        await asyncio.sleep(0.05)
    assert await waiting() == 1
    assert "申报已退回补正" not in chat.texts()
    staff = Chat(both.telegram, STAFF_USER)
    both.telegram.send_text(staff.user, "/stats")
    stats = await staff.until("等待申报人发消息后送达")
    assert "：1 条" in stats[-1].plain
    assert both.wecom.refusals(chat.user) == []  # nothing was even tried outside the window
    after = await chat.send("状态", "申报已退回补正")
    assert any("申报进度" in text or "申报条件" in text for text in after)
    assert sum("48 小时" in text for text in chat.texts()) == 1
    assert await waiting() == 0


async def test_a_reminder_goes_out_before_the_window_closes(tmp_path: Path, database_url: str) -> None:
    start = datetime(2030, 8, 1, 4, 0, tzinfo=UTC)  # 12:00 in Chongqing
    deadline = start + timedelta(days=10)  # the 7-days reminder falls on the 4th, after the window
    tick = "[scheduler]\ntick_seconds = 0.2\n"
    async with running(tmp_path, database_url, start=start, deadline=deadline, extra=tick) as both:
        chat = WeChat(both.wecom, "wmApplicant03")
        await chat.enter("", "同意")
        await chat.tap("同意", "申报条件 1/11")
        both.wecom.clock.advance(46 * 3600 + 30 * 60)  # 90 minutes before the window closes
        await both.wecom.wait_for(lambda: any("截止" in t and "7" in t for t in chat.texts()[2:]), 15)
        assert both.wecom.refusals(chat.user) == []
