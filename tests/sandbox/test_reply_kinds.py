"""Every kind of reply the bot sends passes the Bot API's markup validation (the emulator's), on
both frameworks, sent directly and in a webhook answer. An empty queue once sent ``{}`` as its
markup, which Telegram refuses with "can't parse reply keyboard markup JSON object"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, cast

import aiohttp
import pytest

from bot.engine.effects import (
    Edit,
    ForceReply,
    InlineButton,
    InlineKeyboard,
    Keyboard,
    RemoveKeyboard,
    Reply,
    ReplyButton,
    ReplyKeyboard,
    SendFile,
)
from bot.sandbox.emulator import BotApiEmulator
from bot.telegram.base import Adapter, AdapterConfig

USER, GROUP = 7001, -1001234
TOKEN = "123456:TEST-TOKEN-never-printed"
BUTTONS = InlineKeyboard(rows=((InlineButton("✅ 受理", "sa:1|abcdefghij"),),))
KEYBOARDS: dict[str, Keyboard | None] = {
    "none": None,
    "inline": BUTTONS,
    "inline without buttons": InlineKeyboard(rows=()),
    "reply keyboard": ReplyKeyboard(rows=((ReplyButton("是"), ReplyButton("否")),)),
    "contact button": ReplyKeyboard(rows=((ReplyButton("📱 分享手机号", request_contact=True),),)),
    "remove keyboard": RemoveKeyboard(),
    "force reply": ForceReply(placeholder="退回原因"),
    "force reply without placeholder": ForceReply(),
}


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as emu:
        emu.user(USER)
        emu.group(GROUP)
        yield emu


@pytest.fixture(params=["ptb", "aiogram"])
async def adapter(request: pytest.FixtureRequest, emulator: BotApiEmulator) -> AsyncIterator[Adapter]:
    config = AdapterConfig(token=TOKEN, api_base=emulator.base_url, menus={})
    made: Adapter
    if request.param == "ptb":
        from bot.telegram.ptb_adapter import PtbAdapter

        made = PtbAdapter(config, cast(Any, None))
    else:
        from bot.telegram.aiogram_adapter import AiogramAdapter

        made = AiogramAdapter(config, cast(Any, None))
    await made.start_webhook(f"{emulator.base_url}/unused", "secret")
    yield made
    await made.stop()


def refused(emulator: BotApiEmulator) -> list[str]:
    return [f"{c.method}: {c.error}" for c in emulator.calls if c.status >= 400]


@pytest.mark.parametrize("kind", list(KEYBOARDS))
async def test_every_reply_kind_is_accepted(adapter: Adapter, emulator: BotApiEmulator, kind: str) -> None:
    keyboard = KEYBOARDS[kind]
    chat = GROUP if isinstance(keyboard, ForceReply) else USER
    await adapter.perform(Reply(chat_id=chat, text=f"<b>{kind}</b>", keyboard=keyboard))
    assert emulator.messages(chat)[-1].plain == kind
    assert refused(emulator) == []


@pytest.mark.parametrize("keyboard", [BUTTONS, InlineKeyboard(rows=()), None])
async def test_files_and_edits_with_and_without_buttons(
    adapter: Adapter, emulator: BotApiEmulator, keyboard: InlineKeyboard | None
) -> None:
    await adapter.perform(
        SendFile(chat_id=USER, file_name="推荐表.docx", data=b"PK\x03\x04", keyboard=keyboard)
    )
    await adapter.perform(Reply(chat_id=USER, text="question", keyboard=BUTTONS))
    asked = emulator.messages(USER)[-1]
    await adapter.perform(Edit(chat_id=USER, message_id=asked.message_id, text="answered", keyboard=keyboard))
    assert emulator.messages(USER)[-1].plain == "answered"
    assert bool(emulator.messages(USER)[-1].button_texts()) == bool(keyboard and keyboard.rows)
    assert refused(emulator) == []


async def test_webhook_answers_carry_acceptable_markup(adapter: Adapter, emulator: BotApiEmulator) -> None:
    async with aiohttp.ClientSession() as http:
        for kind, keyboard in KEYBOARDS.items():
            chat = GROUP if isinstance(keyboard, ForceReply) else USER
            params = adapter.answer_params(Reply(chat_id=chat, text=kind, keyboard=keyboard))
            method = params.pop("method")
            async with http.post(f"{emulator.base_url}/bot{TOKEN}/{method}", json=params) as response:
                assert response.status == 200, (kind, await response.text())
