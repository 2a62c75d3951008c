"""WeChat applicants end to end: the bot in process, the WeCom 微信客服 emulator over real HTTP
(encrypted callbacks, kf/sync_msg, kf/send_msg, menus), Telegram staff beside them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.sandbox.emulator import BotApiEmulator
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
    wecom: object
    telegram: BotApiEmulator


@pytest.fixture
async def both(tmp_path: Path, database_url: str) -> AsyncIterator[Both]:
    emu = wecom_emulator.WeComEmulator(CORP_ID, SECRET, OPEN_KFID, CALLBACK_TOKEN, AES_KEY)
    api_base = await emu.start()
    section, port = wecom_section(api_base)
    async with BotApiEmulator(token=TOKEN) as telegram:
        config = write_config(tmp_path, telegram.base_url, "ptb", database_url, extra=section)
        bot = InProcessBot(config, environ=WECOM_ENV)
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
