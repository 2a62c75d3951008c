"""kf/sync_msg against the WeCom emulator: a restart between pages loses and repeats nothing, and
two instances fetching the same messages act on each msgid once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.engine.request import Request
from bot.services import Services, build_services, prepare_campaigns
from bot.wecom.adapter import WeComAdapter
from tests.e2e.harness import TOKEN, WEBHOOK_SECRET, write_config
from tests.e2e.wechat import AES_KEY, CALLBACK_TOKEN, CORP_ID, OPEN_KFID, SECRET, WECOM_ENV, wecom_section

wecom_emulator = pytest.importorskip("bot.sandbox.wecom.emulator")
CUSTOMERS = [f"wmSync{n:02d}" for n in range(5)]


class Instance:
    """One bot process's engine and WeCom adapter (no HTTP server: the test calls ``sync``)."""

    def __init__(self, services: Services, handled: Counter[int]) -> None:
        self.services = services
        self.adapter = WeComAdapter(services.settings.wecom, services.engine)  # type: ignore[arg-type]
        self.adapter.sync_limit = 2
        dispatch = services.engine.dispatch

        async def counting(request: Request) -> None:
            handled[request.event.update_id] += 1
            await dispatch(request)

        services.engine.dispatch = counting

    async def close(self) -> None:
        await self.adapter.api.close()
        await self.services.close()


@pytest.fixture
async def emulator() -> AsyncIterator[object]:
    emu = wecom_emulator.WeComEmulator(CORP_ID, SECRET, OPEN_KFID, CALLBACK_TOKEN, AES_KEY)
    await emu.start()
    yield emu
    await emu.stop()


async def instance(tmp_path: Path, database_url: str, api_base: str, handled: Counter[int]) -> Instance:
    section, _ = wecom_section(api_base)
    config = write_config(tmp_path, "http://127.0.0.1:9", "ptb", database_url, extra=section)
    settings = load_settings(config, {"BOT_TOKEN": TOKEN, "WEBHOOK_SECRET": WEBHOOK_SECRET, **WECOM_ENV})
    return Instance(await build_services(settings, prepare_campaigns(settings)), handled)


def replies(emu: object) -> dict[str, int]:
    return {c: len(emu.messages(c)) for c in CUSTOMERS}  # type: ignore[attr-defined]


async def test_a_restart_between_pages_loses_and_repeats_nothing(
    tmp_path: Path, database_url: str, emulator: object
) -> None:
    for customer in CUSTOMERS:
        emulator.send_text(customer, "状态")  # type: ignore[attr-defined]
    handled: Counter[int] = Counter()
    first = await instance(tmp_path, database_url, emulator.base_url, handled)  # type: ignore[attr-defined]
    fetch = first.adapter.api.sync
    pages = 0

    async def dies_after_one_page(cursor: str, token: str, limit: int = 1000) -> dict[str, object]:
        nonlocal pages
        pages += 1
        if pages == 2:
            raise ConnectionError("the process was stopped between pages")
        return await fetch(cursor, token, limit)

    first.adapter.api.sync = dies_after_one_page  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await first.adapter.sync()
    await first.close()
    assert sum(replies(emulator).values()) == 2  # the first page (two messages) was answered
    second = await instance(tmp_path, database_url, emulator.base_url, handled)  # type: ignore[attr-defined]
    try:
        assert await second.adapter.sync() == 3  # resumed after the first page
    finally:
        await second.close()
    assert set(replies(emulator).values()) == {1}
    assert len(handled) == 5 and set(handled.values()) == {1}


async def test_two_instances_act_on_each_msgid_once(
    tmp_path: Path, database_url: str, emulator: object
) -> None:
    for customer in CUSTOMERS:
        emulator.send_text(customer, "状态")  # type: ignore[attr-defined]
    handled: Counter[int] = Counter()
    one = await instance(tmp_path, database_url, emulator.base_url, handled)  # type: ignore[attr-defined]
    two = await instance(tmp_path, database_url, emulator.base_url, handled)  # type: ignore[attr-defined]
    try:
        fetched = await asyncio.gather(one.adapter.sync(), two.adapter.sync())
    finally:
        await one.close()
        await two.close()
    assert fetched == [5, 5]  # both fetched every message …
    assert len(handled) == 5 and set(handled.values()) == {1}  # … and each was acted on once
    assert set(replies(emulator).values()) == {1}
