"""WeChat applicants end to end: the bot in process, the WeCom 微信客服 emulator over real HTTP
(encrypted callbacks, kf/sync_msg, kf/send_msg, menus), Telegram staff beside them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.engine.channels import WECOM, address
from bot.engine.clock import FakeClock
from bot.engine.outbox_payload import message_payload
from bot.sandbox.emulator import BotApiEmulator
from storage.repositories import Repositories
from tests.e2e.harness import TOKEN, InProcessBot, write_config
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


@pytest.fixture
async def both(tmp_path: Path, database_url: str) -> AsyncIterator[Both]:
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0))  # the bot's and WeCom's time
    emu = wecom_emulator.WeComEmulator(CORP_ID, SECRET, OPEN_KFID, CALLBACK_TOKEN, AES_KEY, clock=clock)
    api_base = await emu.start()
    section, port = wecom_section(api_base)
    async with BotApiEmulator(token=TOKEN) as telegram:
        config = write_config(tmp_path, telegram.base_url, "ptb", database_url, extra=section)
        bot = InProcessBot(config, clock=clock, environ=WECOM_ENV)
        await bot.start()
        emu.set_callback(f"http://127.0.0.1:{port}{CALLBACK_PATH}")
        try:
            yield Both(bot, emu, telegram)
        finally:
            await bot.stop()
            await emu.stop()


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
    assert both.wecom.refusals(chat.user) == []  # nothing was even tried outside the window
    after = await chat.send("状态", "申报已退回补正")
    assert any("申报进度" in text or "申报条件" in text for text in after)
    assert sum("48 小时" in text for text in chat.texts()) == 1
    assert await waiting() == 0
