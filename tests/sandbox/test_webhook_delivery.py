"""Webhook mode of the Bot API emulator, over real HTTP to a tiny aiohttp "bot" endpoint."""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import socket
import warnings
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.registry import METHODS
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
        self.reply: Callable[[dict[str, Any]], web.Response] | None = None  # the body of 200 answers
        self.on_receive: Callable[[dict[str, Any]], None] | None = None  # called as a POST arrives
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
        if self.on_receive is not None:
            self.on_receive(update)
        self._notify()
        update_id = update["update_id"]
        if update_id in self.gates:
            await self.gates[update_id].wait()
        if self.delays:
            await asyncio.sleep(self.delays.pop(0))
        status = self.always.get(update_id) or (self.statuses.pop(0) if self.statuses else 200)
        self.answered.append(update_id)
        self._notify()
        if status == 200 and self.reply is not None:
            return self.reply(update)
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


async def test_update_posted_as_json_with_secret(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
    assert await call(http, emu, "setWebhook", url=hook.url(), secret_token="s3cr3t_T-1") == (
        200,
        {"ok": True, "result": True},
    )
    update = emu.send_text(emu.user(7), "你好 /start")
    await emu.wait_delivered()
    [received] = hook.received
    assert received.update == update
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers[SECRET_HEADER] == "s3cr3t_T-1"
    [delivery] = emu.webhook_deliveries
    assert (delivery.update_id, delivery.url, delivery.status, delivery.error) == (
        update["update_id"],
        hook.url(),
        200,
        None,
    )
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
async def test_error_answer_is_redelivered_until_200(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession, status: int
) -> None:
    await call(http, emu, "setWebhook", url=hook.url(), secret_token="s")
    hook.statuses = [status, status]
    update = emu.send_text(emu.user(7), "hi")
    await emu.wait_delivered()
    assert hook.ids() == [update["update_id"]] * 3
    assert [r.update for r in hook.received] == [update] * 3
    assert [d.status for d in emu.webhook_deliveries] == [status, status, 200]
    info = (await call(http, emu, "getWebhookInfo"))[1]["result"]
    assert info["last_error_message"].startswith(f"Wrong response from the webhook: {status}")


async def test_timeout_and_connection_error_are_redelivered(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
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


async def test_order_per_chat_kept_while_first_update_is_slow(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
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


async def test_get_updates_conflict_until_delete_webhook(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
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


async def test_allowed_updates_filter_webhook_delivery(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
    user = emu.user(7)
    await call(
        http,
        emu,
        "sendMessage",
        chat_id=7,
        text="pick",
        reply_markup={"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]},
    )
    await call(http, emu, "setWebhook", url=hook.url(), allowed_updates=["callback_query"])
    emu.send_text(user, "not wanted")
    press = emu.press(user, emu.messages(user)[0], "go")
    await emu.wait_delivered()
    assert [r.update for r in hook.received] == [press]


async def test_round_robin_targets_alternate(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
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


async def test_redeliver_in_webhook_mode_posts_the_duplicate(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
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
        assert await bot.set_webhook(
            url=hook.url("aiogram"), secret_token="aio_secret", allowed_updates=allowed
        )
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


# ----- a Bot API method in the webhook answer ------------------------------------------------

KEYBOARD = {
    "inline_keyboard": [[{"text": "是", "callback_data": "yes"}, {"text": "否", "callback_data": "no"}]]
}


def text_of(update: dict[str, Any]) -> str:
    return str(update["message"]["text"])


def webhook_calls(emu: BotApiEmulator) -> list[tuple[str, int, str | None]]:
    return [(c.method, c.status, c.error) for c in emu.calls if c.via_webhook]


async def test_json_answer_sends_message_with_keyboard(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
    await call(http, emu, "setWebhook", url=hook.url())
    user = emu.user(7)
    hook.reply = lambda update: web.json_response(
        {
            "method": "sendMessage",
            "chat_id": update["message"]["chat"]["id"],
            "text": f"回声 {text_of(update)}",
            "reply_markup": KEYBOARD,
        }
    )
    emu.send_text(user, "你好")
    await emu.wait_delivered()  # the method was performed before the update counted as delivered
    [message] = emu.messages(user)
    assert message.plain == "回声 你好"
    assert message.buttons() == [[("是", "yes"), ("否", "no")]]
    assert (await emu.next_message(user, timeout=1)) is message
    [setter, sent] = emu.calls
    assert (setter.method, setter.via_webhook) == ("setWebhook", False)
    assert (sent.method, sent.status, sent.error, sent.via_webhook) == ("sendMessage", 200, None, True)
    assert sent.params == {"chat_id": 7, "text": "回声 你好", "reply_markup": KEYBOARD}
    assert [d.status for d in emu.webhook_deliveries] == [200]


async def test_urlencoded_answer_is_normalized_like_a_request(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
    await call(http, emu, "setWebhook", url=hook.url())
    user = emu.user(7)
    form = {
        "method": "sendMessage",
        "chat_id": "7",
        "text": "表单 & 回复",
        "reply_markup": json.dumps(KEYBOARD),
    }
    hook.reply = lambda update: web.Response(
        text=urlencode(form), content_type="application/x-www-form-urlencoded"
    )
    emu.send_text(user, "hi")
    await emu.wait_delivered()
    [message] = emu.messages(user)
    assert message.plain == "表单 & 回复" and message.buttons() == [[("是", "yes"), ("否", "no")]]
    [sent] = [c for c in emu.calls if c.via_webhook]
    assert sent.params["chat_id"] == 7 and sent.params["reply_markup"] == KEYBOARD
    assert sent.status == 200


async def test_multipart_answer_sends_document(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
    await call(http, emu, "setWebhook", url=hook.url())
    user = emu.user(7)
    data = b"%PDF-1.4 \x00\xff report bytes"

    def reply(update: dict[str, Any]) -> web.Response:
        form = aiohttp.FormData()
        form.add_field("method", "sendDocument")
        form.add_field("chat_id", str(update["message"]["chat"]["id"]))
        form.add_field("caption", "申报表")
        form.add_field("document", data, filename="申报表.pdf", content_type="application/pdf")
        return web.Response(body=form())

    hook.reply = reply
    emu.send_text(user, "/form")
    await emu.wait_delivered()
    [message] = emu.messages(user)
    assert (message.kind, message.file_name, message.caption) == ("document", "申报表.pdf", "申报表")
    assert message.document_bytes == data
    assert webhook_calls(emu) == [("sendDocument", 200, None)]


async def test_failing_answer_method_is_recorded_and_not_retried(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
    await call(http, emu, "setWebhook", url=hook.url())
    user = emu.user(7)
    answers: dict[str, web.Response] = {
        "unknown": web.json_response({"method": "sendNonsense", "chat_id": 7, "text": "x"}),
        "no text": web.json_response({"method": "sendMessage", "chat_id": 7}),
        "flood": web.json_response({"method": "sendMessage", "chat_id": 7, "text": "too fast"}),
        "bad markup": web.Response(
            text=urlencode(
                {"method": "sendMessage", "chat_id": "7", "text": "x", "reply_markup": "{not json"}
            ),
            content_type="application/x-www-form-urlencoded",
        ),
    }
    hook.reply = lambda update: answers[text_of(update)]
    emu.fail_next("sendMessage", 429, retry_after=5)  # faults apply as to any call of the bot
    sent = [emu.send_text(user, text)["update_id"] for text in ("unknown", "flood", "no text", "bad markup")]
    await emu.wait_delivered()
    await asyncio.sleep(0.2)  # room for a (wrong) redelivery
    assert hook.ids() == sent
    assert [d.status for d in emu.webhook_deliveries] == [200] * 4
    assert emu.messages(user) == []
    assert webhook_calls(emu) == [
        ("sendNonsense", 404, "Not Found"),
        ("sendMessage", 429, "Too Many Requests: retry after 5"),
        ("sendMessage", 400, "Bad Request: message text is empty"),
        ("sendMessage", 400, "Bad Request: can't parse reply_markup JSON object"),
    ]


async def test_answer_without_method_performs_nothing(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession
) -> None:
    await call(http, emu, "setWebhook", url=hook.url())
    user = emu.user(7)
    method_as_text = "method=sendMessage&chat_id=7&text=x"  # not a form: text/plain carries nothing
    answers: dict[str, Callable[[], web.Response]] = {
        "ok": lambda: web.Response(text="ok"),
        "empty": lambda: web.Response(),
        "no method": lambda: web.json_response({"chat_id": 7, "text": "x"}),
        "not json": lambda: web.Response(text="ok", content_type="application/json"),
        "a list": lambda: web.json_response([{"method": "sendMessage", "chat_id": 7, "text": "x"}]),
        "plain": lambda: web.Response(text=method_as_text),
    }
    hook.reply = lambda update: answers[text_of(update)]()
    sent = [emu.send_text(user, text)["update_id"] for text in answers]
    await emu.wait_delivered()
    assert hook.ids() == sent and [d.status for d in emu.webhook_deliveries] == [200] * len(answers)
    assert [c.method for c in emu.calls] == ["setWebhook"] and emu.messages(user) == []


async def test_answer_method_performed_before_next_update_of_the_chat(
    emu: BotApiEmulator, hook: Hook, http: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, send_message = METHODS["sendmessage"]

    async def slow_send_message(state: Any, params: dict[str, Any], files: Any) -> Any:
        await asyncio.sleep(0.1)  # a reply performed after the next POST would be seen missing
        return await send_message(state, params, files)

    monkeypatch.setitem(METHODS, "sendmessage", (name, slow_send_message))
    await call(http, emu, "setWebhook", url=hook.url())
    user = emu.user(7)
    seen: list[tuple[str, list[str]]] = []  # (update text, the chat when that update arrived)
    hook.on_receive = lambda update: seen.append((text_of(update), [m.plain for m in emu.messages(user)]))
    hook.reply = lambda update: web.json_response(
        {"method": "sendMessage", "chat_id": 7, "text": f"re {text_of(update)}"}
    )
    for text in ("1", "2", "3"):
        emu.send_text(user, text)
    await emu.wait_delivered()
    assert seen == [("1", []), ("2", ["re 1"]), ("3", ["re 1", "re 2"])]
    assert [m.plain for m in emu.messages(user)] == ["re 1", "re 2", "re 3"]


# ----- back-off -------------------------------------------------------------------------------


async def test_redelivery_backs_off_up_to_max_delay(hook: Hook, http: aiohttp.ClientSession) -> None:
    async with BotApiEmulator(webhook_retry_delay=0.05, webhook_retry_max_delay=0.2) as emu:
        assert [emu.retry_wait(k) for k in range(1, 6)] == pytest.approx([0.05, 0.1, 0.2, 0.2, 0.2])
        await call(http, emu, "setWebhook", url=hook.url())
        hook.statuses = [503] * 4
        emu.send_text(emu.user(7), "hi")
        await emu.wait_delivered()
    times = [d.at for d in emu.webhook_deliveries]
    assert [d.status for d in emu.webhook_deliveries] == [503] * 4 + [200]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    for gap, wait in zip(gaps, [0.05, 0.1, 0.2, 0.2], strict=True):
        assert gap >= wait - 0.01, gaps  # never sooner than the back-off
    assert gaps[1] > 1.3 * gaps[0] and gaps[2] > 1.3 * gaps[1], gaps  # the wait grows...
    assert gaps[3] < 0.35, gaps  # ...but stops at the maximum (uncapped it would be 0.4)
