"""The control API and the ``Customer`` client, against a tiny echo bot that works as the real
adapter will: callback → decrypt → kf/sync_msg with the token and its cursor → kf/send_msg."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator

import aiohttp
import pytest_asyncio
from aiohttp import web

from bot.sandbox.wecom.customer import Customer
from bot.sandbox.wecom.emulator import WeComEmulator
from tests.sandbox.wecom.conftest import OPEN_KFID, Api, BotStandIn


class EchoBot(BotStandIn):
    """Answers every text with ``echo: …`` and every file with its size."""

    def __init__(self, api: Api) -> None:
        super().__init__()
        self.api = api
        self.cursor = ""
        self.tasks: set[asyncio.Task[None]] = set()

    async def handle_post(self, request: web.Request) -> web.Response:
        answer = await super().handle_post(request)
        token = ET.fromstring(self.received[-1]).findtext("Token") or ""
        task = asyncio.get_running_loop().create_task(self.sync(token))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return answer

    async def sync(self, token: str) -> None:
        page = await self.api.post("kf/sync_msg", token=token, cursor=self.cursor, open_kfid=OPEN_KFID)
        self.cursor = page["next_cursor"]
        for item in page["msg_list"]:
            if item["msgtype"] == "text":
                reply = f"echo: {item['text']['content']}"
            elif item["msgtype"] == "file":
                params = {"access_token": self.api.token, "media_id": item["file"]["media_id"]}
                url = f"{self.api.emu.base_url}/cgi-bin/media/get"
                async with self.api.http.get(url, params=params) as got:
                    reply = f"got {len(await got.read())} bytes"
            else:
                continue
            await self.api.send_text(item["external_userid"], reply, msgid=f"echo-{item['msgid']}"[:32])


@pytest_asyncio.fixture
async def echo_bot(api: Api, emu: WeComEmulator) -> AsyncIterator[EchoBot]:
    bot = EchoBot(api)
    app = web.Application()
    app.router.add_post("/cb", bot.handle_post)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    emu.set_callback(f"http://127.0.0.1:{runner.addresses[0][1]}/cb")
    yield bot
    await runner.cleanup()


async def test_customer_talks_to_a_bot_through_the_emulator(emu: WeComEmulator, echo_bot: EchoBot) -> None:
    async with Customer(emu.base_url, "wm_alice") as alice:
        await alice.send_text("你好")
        messages = await alice.wait_for(lambda sent: len(sent) == 1, timeout=5)
        assert messages[0]["text"]["content"] == "echo: 你好"
        await alice.click_menu("status", "状态")
        await alice.send_file("承诺书.pdf", b"%PDF-1.4 twelve")
        messages = await alice.wait_for(lambda sent: len(sent) == 3, timeout=5)
        assert sorted(m["text"]["content"] for m in messages[1:]) == ["echo: 状态", "got 15 bytes"]
        assert await alice.refusals() == []
        assert len(await alice.messages()) == 3


async def test_wait_for_times_out_with_what_it_saw(emu: WeComEmulator) -> None:
    async with Customer(emu.base_url, "wm_nobody") as nobody:
        try:
            await nobody.wait_for(lambda sent: sent, timeout=0.2)
        except TimeoutError as error:
            assert "wm_nobody" in str(error)
        else:
            raise AssertionError("wait_for returned without any message")


async def test_control_api_clock_stats_and_refusals(api: Api, emu: WeComEmulator) -> None:
    base = f"{emu.base_url}/_emu"
    async with Customer(emu.base_url, "wm_bob", session=api.http) as bob:
        await bob.send_text("你好")
        await bob.enter_session("join-ABC")
        assert (await api.send_text("wm_bob", "一"))["errcode"] == 0
        async with api.http.post(f"{base}/clock/advance", json={"seconds": 48 * 3600 + 1}) as response:
            assert (await response.json())["now"] == emu.clock.time()
        await api.get_token()
        assert (await api.send_text("wm_bob", "二"))["errcode"] == 95002
        refusals = await bob.refusals()
        assert [(r["errcode"], r["api"]) for r in refusals] == [(95002, "kf/send_msg")]
    async with api.http.get(f"{base}/stats") as response:
        stats = await response.json()
    assert stats["calls"]["kf/send_msg"] == 2 and stats["calls"]["gettoken"] == 2
    assert stats["errors"] == {"kf/send_msg 95002": 1}
    async with api.http.get(f"{base}/customers") as response:
        listing = (await response.json())["customers"]
    assert listing == [{"external_userid": "wm_bob", "last_message_at": listing[0]["last_message_at"],
                        "window_open": False, "budget": 4}]
    async with api.http.get(f"{base}/customers/wm_bob/timeline") as response:
        who = [entry["who"] for entry in (await response.json())["timeline"]]
    assert who == ["customer", "customer", "bot", "refusal"]


async def test_control_api_rejects_bad_input(http: aiohttp.ClientSession, emu: WeComEmulator) -> None:
    base = f"{emu.base_url}/_emu"
    cases = [
        ("customers/wm_a/text", {"content": ""}),
        ("customers/wm_a/text", {"content": 5}),
        ("customers/wm_a/menu_click", {"content": "x"}),
        ("clock/advance", {"seconds": -1}),
        ("clock/advance", {"seconds": "soon"}),
    ]
    for path, body in cases:
        async with http.post(f"{base}/{path}", json=body) as response:
            assert response.status == 400, path
    async with http.post(f"{base}/customers/wm_a/file", data=b"not multipart") as response:
        assert response.status == 400
    assert emu.store.log == [] and emu.clock.time() == emu.store.now()
