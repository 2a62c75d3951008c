"""setMyCommands with a scope: stored per scope and language, and each chat shows the menu Telegram
would pick for it (the narrowest scope with commands, the user's language first)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.sandbox.emulator import BotApiEmulator

STAFF, APPLICANT, GROUP = 900001, 7001, -1001234


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


async def set_commands(emu: BotApiEmulator, names: list[str], **params: Any) -> int:
    commands = [{"command": n, "description": f"{n} …"} for n in names]
    form = {
        "commands": json.dumps(commands),
        **{k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()},
    }
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emu.base_url}/bot{emu.token}/setMyCommands", data=form) as r,
    ):
        return r.status


def names(commands: list[dict[str, str]]) -> list[str]:
    return [c["command"] for c in commands]


async def test_each_chat_gets_the_narrowest_menu(emu: BotApiEmulator) -> None:
    assert await set_commands(emu, ["start", "help"]) == 200
    assert await set_commands(emu, ["start", "help"], language_code="en") == 200
    assert await set_commands(emu, ["queue", "help"], scope={"type": "chat", "chat_id": GROUP}) == 200
    assert await set_commands(emu, ["queue", "start"], scope={"type": "chat", "chat_id": STAFF}) == 200
    assert names(emu.get_commands(f"chat:{GROUP}")) == ["queue", "help"]
    assert names(emu.menu_for(GROUP, STAFF)) == ["queue", "help"]
    assert names(emu.menu_for(STAFF, STAFF)) == ["queue", "start"]
    assert names(emu.menu_for(APPLICANT, APPLICANT, "en-US")) == ["start", "help"]
    assert names(emu.menu_for(-100999, APPLICANT)) == ["start", "help"]  # another group: the default


async def test_a_member_scope_wins_and_a_language_falls_back(emu: BotApiEmulator) -> None:
    await set_commands(emu, ["queue"], scope={"type": "chat", "chat_id": GROUP})
    await set_commands(emu, ["app"], scope={"type": "chat_member", "chat_id": GROUP, "user_id": STAFF})
    await set_commands(emu, ["stats"], scope={"type": "chat", "chat_id": GROUP}, language_code="en")
    assert names(emu.menu_for(GROUP, STAFF, "en")) == ["app"]
    assert names(emu.menu_for(GROUP, APPLICANT, "en")) == ["stats"]
    assert names(emu.menu_for(GROUP, APPLICANT, "zh-hans")) == ["queue"]


async def test_a_malformed_scope_is_refused(emu: BotApiEmulator) -> None:
    assert await set_commands(emu, ["queue"], scope={"chat_id": GROUP}) == 400
    assert emu.commands == {}
