"""Webhook mode of the Bot API emulator, over real HTTP to a tiny aiohttp "bot" endpoint."""

from __future__ import annotations

import asyncio
import gc
import socket
import warnings
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.webhook import SECRET_HEADER

pytestmark = pytest.mark.filterwarnings("error::ResourceWarning")


@dataclass
class Received:
    path: str
    update: dict[str, Any]
    headers: dict[str, str]


class Hook:
    """The bot's webhook endpoint: records POSTs, answers 200 unless told otherwise."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answered: list[int] = []  # update_ids, in the order their answers were sent
        self.statuses: list[int] = []  # answers for the next requests (then 200)
        self.always: dict[int, int] = {}  # update_id -> status it always gets
        self.gates: dict[int, asyncio.Event] = {}  # update_id -> answer only once set
        self.delays: list[float] = []  # seconds before answering the next requests
        self.base_url = ""
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None

    def url(self, name: str = "hook") -> str:
        return f"{self.base_url}/{name}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{name}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base_url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        for gate in self.gates.values():
            gate.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def _notify(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def _handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        self.received.append(Received(request.path, update, dict(request.headers)))
        self._notify()
        update_id = update["update_id"]
        if update_id in self.gates:
            await self.gates[update_id].wait()
        if self.delays:
            await asyncio.sleep(self.delays.pop(0))
        status = self.always.get(update_id) or (self.statuses.pop(0) if self.statuses else 200)
        self.answered.append(update_id)
        self._notify()
        return web.Response(status=status, text="ok")

    async def wait(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout):
            while not predicate():
                await self._changed.wait()

    def ids(self, path: str | None = None) -> list[int]:
        return [r.update["update_id"] for r in self.received if path is None or r.path == path]


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(webhook_retry_delay=0.05) as emulator:
        yield emulator


@pytest_asyncio.fixture
async def hook() -> AsyncIterator[Hook]:
    endpoint = Hook()
    await endpoint.start()
    yield endpoint
    await endpoint.stop()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(http: aiohttp.ClientSession, emu: BotApiEmulator, method: str, **params: Any) -> Any:
    """POST ``params`` as JSON to the emulator; returns (HTTP status, decoded body)."""
    async with http.post(f"{emu.base_url}/bot{emu.token}/{method}", json=params) as response:
        return response.status, await response.json()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nobody"


async def test_update_posted_as_json_with_secret(emu: BotApiEmulator, hook: Hook,
                                                 http: aiohttp.ClientSession) -> None:
    assert await call(http, emu, "setWebhook", url=hook.url(), secret_token="s3cr3t_T-1") == (
        200, {"ok": True, "result": True})
    update = emu.send_text(emu.user(7), "你好 /start")
    await emu.wait_delivered()
    [received] = hook.received
    assert received.update == update
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers[SECRET_HEADER] == "s3cr3t_T-1"
    [delivery] = emu.webhook_deliveries
    assert (delivery.update_id, delivery.url, delivery.status, delivery.error) == (
        update["update_id"], hook.url(), 200, None)
    info = (await call(http, emu, "getWebhookInfo"))[1]["result"]
    assert info["pending_update_count"] == 0 and "last_error_message" not in info
    # without a secret_token there is no secret header
    await call(http, emu, "setWebhook", url=hook.url("plain"))
    emu.send_text(emu.user(7), "again")
    await emu.wait_delivered()
    assert SECRET_HEADER not in hook.received[-1].headers
    status, body = await call(http, emu, "setWebhook", url=hook.url(), secret_token="bad token!")
    assert status == 400 and "secret token" in body["description"]


@pytest.mark.parametrize("status", [500, 401])
async def test_error_answer_is_redelivered_until_200(emu: BotApiEmulator, hook: Hook,
                                                     http: aiohttp.ClientSession, status: int) -> None:
    await call(http, emu, "setWebhook", url=hook.url(), secret_token="s")
    hook.statuses = [status, status]
    update = emu.send_text(emu.user(7), "hi")
    await emu.wait_delivered()
    assert hook.ids() == [update["update_id"]] * 3
    assert [r.update for r in hook.received] == [update] * 3
    assert [d.status for d in emu.webhook_deliveries] == [status, status, 200]
    info = (await call(http, emu, "getWebhookInfo"))[1]["result"]
    assert info["last_error_message"].startswith(f"Wrong response from the webhook: {status}")


async def test_timeout_and_connection_error_are_redelivered(emu: BotApiEmulator, hook: Hook,
                                                            http: aiohttp.ClientSession) -> None:
    emu.webhook_timeout = 0.2
    emu.webhook_targets([closed_port_url(), hook.url()])
    hook.delays = [0.5]
    await call(http, emu, "setWebhook", url="https://bot.example.org/telegram")
    update = emu.send_text(emu.user(7), "hi")
    await emu.wait_delivered()
    deliveries = emu.webhook_deliveries
    assert [d.status for d in deliveries] == [None, None, None, 200]
    assert {d.update_id for d in deliveries} == {update["update_id"]}
    assert (deliveries[0].error or "").startswith("Connection failed")
    assert deliveries[2].url == deliveries[0].url != deliveries[1].url == deliveries[3].url == hook.url()
    assert deliveries[1].error == "Read timeout expired"


async def test_order_per_chat_kept_while_first_update_is_slow(emu: BotApiEmulator, hook: Hook,
                                                              http: aiohttp.ClientSession) -> None:
    await call(http, emu, "setWebhook", url=hook.url())
    first = emu.send_text(emu.user(1), "1")["update_id"]
    hook.gates[first] = asyncio.Event()
    second = emu.send_text(emu.user(1), "2")["update_id"]
    other = emu.send_text(emu.user(2), "other chat")["update_id"]
    await hook.wait(lambda: other in hook.answered)  # the other chat is not held up...
    await asyncio.sleep(0.2)
    assert hook.ids() == [first, other]  # ...but chat 1 waits for the answer to its first update
    hook.gates[first].set()
    await emu.wait_delivered()
    assert [i for i in hook.ids() if i != other] == [first, second]
    assert hook.answered.index(first) < hook.ids().index(second)


async def test_two_chats_delivered_concurrently_up_to_max_connections(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
    await call(http, emu, "setWebhook", url=hook.url())
    one, two = emu.send_text(emu.user(1), "a")["update_id"], emu.send_text(emu.user(2), "b")["update_id"]
    hook.gates = {one: asyncio.Event(), two: asyncio.Event()}
    await hook.wait(lambda: set(hook.ids()) == {one, two})  # both POSTs are open at once
    assert hook.answered == []
    for gate in hook.gates.values():
        gate.set()
    await emu.wait_delivered()
    # with max_connections=1 the second chat waits for the first
    await call(http, emu, "setWebhook", url=hook.url(), max_connections=1)
    three, four = emu.send_text(emu.user(1), "c")["update_id"], emu.send_text(emu.user(2), "d")["update_id"]
    hook.gates[three] = asyncio.Event()
    await hook.wait(lambda: three in hook.ids())
    await asyncio.sleep(0.2)
    assert four not in hook.ids()
    hook.gates[three].set()
    await emu.wait_delivered()
    assert hook.ids()[-2:] == [three, four]


async def test_get_updates_conflict_until_delete_webhook(emu: BotApiEmulator, hook: Hook,
                                                         http: aiohttp.ClientSession) -> None:
    await call(http, emu, "setWebhook", url=hook.url())
    status, body = await call(http, emu, "getUpdates")
    assert status == 409 and "webhook is active" in body["description"]
    update = emu.send_text(emu.user(7), "never taken")
    hook.always[update["update_id"]] = 500
    await emu.wait_for(lambda: len(emu.webhook_deliveries) >= 2, timeout=5)
    assert (await call(http, emu, "deleteWebhook"))[1]["result"] is True
    attempts = len(emu.webhook_deliveries)
    assert (await call(http, emu, "getUpdates"))[1]["result"] == [update]
    await asyncio.sleep(0.2)
    assert len(emu.webhook_deliveries) == attempts  # delivery stopped
    # drop_pending_updates is honoured; a non-loopback url is never contacted
    await call(http, emu, "setWebhook", url="https://example.org/hook")
    emu.send_text(emu.user(7), "dropped")
    await emu.wait_for(lambda: len(emu.webhook_deliveries) > attempts, timeout=5)
    assert emu.webhook_deliveries[-1].status is None
    assert "loopback" in (emu.webhook_deliveries[-1].error or "")
    await call(http, emu, "deleteWebhook", drop_pending_updates=True)
    assert (await call(http, emu, "getUpdates", offset=update["update_id"] + 1))[1]["result"] == []


async def test_allowed_updates_filter_webhook_delivery(emu: BotApiEmulator, hook: Hook,
                                                       http: aiohttp.ClientSession) -> None:
    user = emu.user(7)
    await call(http, emu, "sendMessage", chat_id=7, text="pick",
               reply_markup={"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]})
    await call(http, emu, "setWebhook", url=hook.url(), allowed_updates=["callback_query"])
    emu.send_text(user, "not wanted")
    press = emu.press(user, emu.messages(user)[0], "go")
    await emu.wait_delivered()
    assert [r.update for r in hook.received] == [press]


async def test_round_robin_targets_alternate(emu: BotApiEmulator, hook: Hook,
                                             http: aiohttp.ClientSession) -> None:
    await call(http, emu, "setWebhook", url=hook.url("main"))
    emu.webhook_targets([hook.url("a"), hook.url("b")])
    sent = [emu.send_text(emu.user(7), str(i))["update_id"] for i in range(4)]
    await emu.wait_delivered()
    assert [r.path for r in hook.received] == ["/a", "/b", "/a", "/b"] and hook.ids() == sent
    assert [d.url for d in emu.webhook_deliveries] == [hook.url("a"), hook.url("b")] * 2
    emu.webhook_targets(None)
    emu.send_text(emu.user(7), "back to the webhook url")
    await emu.wait_delivered()
    assert hook.received[-1].path == "/main"


async def test_redeliver_in_webhook_mode_posts_the_duplicate(emu: BotApiEmulator, hook: Hook,
                                                             http: aiohttp.ClientSession) -> None:
    await call(http, emu, "setWebhook", url=hook.url())
    update = emu.send_text(emu.user(7), "once")
    await emu.wait_delivered()
    assert emu.redeliver(update["update_id"]) == update
    await emu.wait_delivered()
    assert [r.update for r in hook.received] == [update, update]
    assert [(d.update_id, d.status) for d in emu.webhook_deliveries] == [(update["update_id"], 200)] * 2


async def test_stop_mid_retry_and_mid_post_is_clean(hook: Hook, http: aiohttp.ClientSession) -> None:
    emu = BotApiEmulator(webhook_retry_delay=0.05)
    await emu.start()
    await call(http, emu, "setWebhook", url=hook.url())
    failing = emu.send_text(emu.user(1), "always 500")["update_id"]
    hanging = emu.send_text(emu.user(2), "never answered")["update_id"]
    hook.always[failing] = 500
    hook.gates[hanging] = asyncio.Event()
    await hook.wait(lambda: hook.ids().count(failing) >= 2 and hanging in hook.ids())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with asyncio.timeout(2):  # the open POST is cancelled, not awaited
            await emu.stop()
        attempts = len(emu.webhook_deliveries)
        await asyncio.sleep(0.2)
        assert len(emu.webhook_deliveries) == attempts
        assert [t for t in asyncio.all_tasks() if t.get_name().startswith("sandbox-webhook")] == []
        del emu
        gc.collect()
    assert [str(w.message) for w in caught] == []


async def test_python_telegram_bot_set_webhook(emu: BotApiEmulator, hook: Hook) -> None:
    import telegram

    bot = telegram.Bot(emu.token, base_url=f"{emu.base_url}/bot")
    await bot.initialize()
    try:
        allowed = ["message", "callback_query"]
        assert await bot.set_webhook(hook.url("ptb"), secret_token="ptb-secret", allowed_updates=allowed)
        assert (emu.webhook["url"], emu.webhook["secret_token"]) == (hook.url("ptb"), "ptb-secret")
        assert emu.webhook["allowed_updates"] == allowed
        info = await bot.get_webhook_info()
        assert info.url == hook.url("ptb") and list(info.allowed_updates) == allowed
        emu.send_text(emu.user(7), "/start")
        await emu.wait_delivered()
        assert hook.received[0].headers[SECRET_HEADER] == "ptb-secret"
        message = telegram.Update.de_json(hook.received[0].update, bot).message
        assert message is not None and message.text == "/start"
        assert await bot.delete_webhook() and emu.webhook["url"] == ""
    finally:
        await bot.shutdown()


async def test_aiogram_set_webhook(emu: BotApiEmulator, hook: Hook) -> None:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Update

    bot = Bot(emu.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
    try:
        allowed = ["message", "callback_query", "my_chat_member"]
        assert await bot.set_webhook(url=hook.url("aiogram"), secret_token="aio_secret",
                                     allowed_updates=allowed)
        assert (emu.webhook["url"], emu.webhook["secret_token"]) == (hook.url("aiogram"), "aio_secret")
        assert emu.webhook["allowed_updates"] == allowed
        info = await bot.get_webhook_info()
        assert info.url == hook.url("aiogram") and info.allowed_updates == allowed
        emu.send_text(emu.user(7), "你好")
        await emu.wait_delivered()
        assert hook.received[0].headers[SECRET_HEADER] == "aio_secret"
        update = Update.model_validate(hook.received[0].update, context={"bot": bot})
        assert update.message is not None and update.message.text == "你好"
        assert await bot.delete_webhook(drop_pending_updates=True) and emu.webhook["url"] == ""
    finally:
        await bot.session.close()
