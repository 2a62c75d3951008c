"""Fixtures for the WeCom emulator's tests: a started emulator on a fake clock, an HTTP client,
WeCom API calls, and a stand-in for the bot's callback endpoint that decrypts with wechatpy."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from wechatpy.enterprise.crypto import WeChatCrypto

from bot.engine.clock import FakeClock
from bot.sandbox.wecom.emulator import WeComEmulator

CORP_ID = "ww0123456789abcdef"
SECRET = "kf-app-secret"
OPEN_KFID = "wkTESTkf0001"
TOKEN = "callbackToken"
AES_KEY = base64.b64encode(bytes(range(32))).decode().rstrip("=")  # EncodingAESKey: 43 characters
START = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest_asyncio.fixture
async def emu(clock: FakeClock) -> AsyncIterator[WeComEmulator]:
    emulator = WeComEmulator(CORP_ID, SECRET, OPEN_KFID, TOKEN, AES_KEY, clock=clock)
    emulator.callbacks.retry_delay = 0.01
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


class Api:
    """WeCom API calls as the bot makes them: JSON in, JSON out, ``access_token`` in the query."""

    def __init__(self, http: aiohttp.ClientSession, emu: WeComEmulator) -> None:
        self.http = http
        self.emu = emu
        self.token = ""

    async def get_token(self, corpid: str = CORP_ID, secret: str = SECRET) -> dict[str, Any]:
        params = {"corpid": corpid, "corpsecret": secret}
        async with self.http.get(f"{self.emu.base_url}/cgi-bin/gettoken", params=params) as response:
            assert response.status == 200
            answer: dict[str, Any] = await response.json()
        self.token = answer.get("access_token", self.token)
        return answer

    async def post(self, path: str, access_token: str | None = None, **body: Any) -> dict[str, Any]:
        params = {"access_token": self.token if access_token is None else access_token}
        url = f"{self.emu.base_url}/cgi-bin/{path}"
        async with self.http.post(url, params=params, json=body) as response:
            assert response.status == 200  # WeCom answers errors with HTTP 200 and an errcode
            answer: dict[str, Any] = await response.json()
            return answer

    async def send_text(self, touser: str, content: str, **extra: Any) -> dict[str, Any]:
        return await self.post("kf/send_msg", touser=touser, open_kfid=OPEN_KFID, msgtype="text",
                               text={"content": content}, **extra)


@pytest_asyncio.fixture
async def api(http: aiohttp.ClientSession, emu: WeComEmulator) -> Api:
    client = Api(http, emu)
    assert (await client.get_token())["errcode"] == 0
    return client


@dataclass
class BotStandIn:
    """The bot's callback endpoint: decrypts each POST with wechatpy (as the bot will) and keeps
    the plaintext XML; answers ``status`` (500 to make the emulator try again)."""

    crypto: WeChatCrypto = field(default_factory=lambda: WeChatCrypto(TOKEN, AES_KEY, CORP_ID))
    received: list[str] = field(default_factory=list)
    raw: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status: int = 200
    echo_wrong: bool = False
    url: str = ""

    async def handle_post(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.raw.append((dict(request.query), body))
        query = request.query
        plain = self.crypto.decrypt_message(body, query["msg_signature"], query["timestamp"], query["nonce"])
        self.received.append(plain)
        return web.Response(status=self.status, text="success")

    async def handle_get(self, request: web.Request) -> web.Response:
        query = request.query
        echo = self.crypto.check_signature(query["msg_signature"], query["timestamp"], query["nonce"],
                                           query["echostr"])
        return web.Response(text="not-the-echo" if self.echo_wrong else echo)


@pytest_asyncio.fixture
async def bot_endpoint(emu: WeComEmulator) -> AsyncIterator[BotStandIn]:
    stand_in = BotStandIn()
    app = web.Application()
    app.router.add_post("/wecom/callback", stand_in.handle_post)
    app.router.add_get("/wecom/callback", stand_in.handle_get)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    stand_in.url = f"http://127.0.0.1:{runner.addresses[0][1]}/wecom/callback"
    emu.set_callback(stand_in.url)
    yield stand_in
    await runner.cleanup()
