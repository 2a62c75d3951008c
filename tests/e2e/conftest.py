from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import STAFF_CHAT, TOKEN, InProcessBot, free_port, webhook_section, write_config


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as emu:
        emu.group(STAFF_CHAT)  # the bot is in the staff group before any package is sent to it
        yield emu


@pytest.fixture(params=["ptb", "aiogram"])
def framework(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def config(tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str) -> Path:
    return write_config(tmp_path, emulator.base_url, framework, database_url)


@pytest.fixture
async def bot(config: Path) -> AsyncIterator[InProcessBot]:
    running = InProcessBot(config)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture(params=["polling", "webhook"])
async def bot_in_mode(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    emulator: BotApiEmulator,
    framework: str,
    database_url: str,
) -> AsyncIterator[InProcessBot]:
    """The bot in the test's event loop, polling and in webhook mode."""
    mode = str(request.param)
    extra = webhook_section(free_port()) if mode == "webhook" else ""
    running = InProcessBot(
        write_config(tmp_path, emulator.base_url, framework, database_url, extra=extra, mode=mode)
    )
    await running.start()
    yield running
    await running.stop()
