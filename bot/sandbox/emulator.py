"""A Telegram Bot API emulator on loopback, for end-to-end tests of the bot.

The bot talks real HTTP to ``{base_url}/bot{token}/{method}`` (files at
``{base_url}/file/bot{token}/{file_path}``) exactly as to api.telegram.org, while tests in
the same event loop act as users and observe what the bot sent::

    async with BotApiEmulator() as emu:
        user = emu.user(1001)
        emu.send_text(user, "/start")
        reply = await emu.next_message(user)

By default the bot polls with getUpdates. Once it calls setWebhook, updates are POSTed to
the webhook instead (see ``webhook``): ``emu.webhook_deliveries`` records every attempt and
``await emu.wait_delivered()`` waits until the bot took (answered 2xx to) all of them. A Bot
API method in a webhook answer is performed too (``ApiCall.via_webhook``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from functools import partial
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.sandbox import methods_bot, methods_chat  # noqa: F401  (registers the Bot API methods)
from bot.sandbox.faults import Faults
from bot.sandbox.models import ApiCall, ApiError, JsonDict
from bot.sandbox.params import normalize, parse_body, read_params
from bot.sandbox.registry import Files, Handler, lookup
from bot.sandbox.users import UserActions
from bot.sandbox.webhook import WebhookDelivery

logger = logging.getLogger(__name__)
_UNAUTHORIZED = ApiError(401, "Unauthorized")
_NOT_FOUND = ApiError(404, "Not Found")
_json_response = partial(web.json_response, dumps=partial(json.dumps, ensure_ascii=False))
ReadParams = Callable[[], Awaitable[tuple[JsonDict, Files]]]  # yields a call's typed params and files


async def _normalized(params: JsonDict, files: Files) -> tuple[JsonDict, Files]:
    return normalize(params), files


class BotApiEmulator(UserActions, WebhookDelivery):
    """Bot API server + simulated Telegram state + test-side API (see ``users``/``observe``/``webhook``).

    ``webhook_timeout`` is how long the bot may take to answer a webhook POST, and
    ``webhook_retry_delay`` how long a failed update waits before its second POST; the wait
    doubles with each further failure up to ``webhook_retry_max_delay`` (Telegram waits longer;
    short here so tests stay fast). All can also be changed on the instance.
    """

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_id: int = 123456,
        bot_username: str = "shenbao_test_bot",
        webhook_timeout: float = 10.0,
        webhook_retry_delay: float = 0.2,
        webhook_retry_max_delay: float = 2.0,
    ) -> None:
        super().__init__(token, bot_id, bot_username)
        self.webhook_timeout = webhook_timeout
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_retry_max_delay = webhook_retry_max_delay
        self.base_url = ""
        self._faults = Faults()
        self._runner: web.AppRunner | None = None
        self._held_files: dict[str, asyncio.Event] = {}
        self.files_requested: list[str] = []  # file_id of every download asked for, in order

    # ----- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0 = a free port); sets and returns ``base_url``."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{bot_token}/{method}", self._handle_method)
        app.router.add_get("/file/{bot_token}/{path:.+}", self._handle_file)
        # handler_cancellation: a long poll whose client went away (bot stopped) must not go on
        # to take updates that a restarted bot should receive.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound_port}"
        self.closing = False
        self.webhook_changed()  # a webhook set before a restart is delivered to again
        return self.base_url

    async def stop(self) -> None:
        """Release pending long polls, stop webhook delivery and shut the server down."""
        self.closing = True
        self._notify()
        await self.stop_deliveries()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # ----- fault injection -------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` answer an error (429 gets retry_after, default 1)."""
        self._faults.fail_next(method, error_code, description, retry_after, times)

    def flood_limits(self, per_chat_per_second: int | None = 1, global_per_second: int | None = 30) -> None:
        """Answer 429 to send* calls above these rates; ``flood_limits(None, None)`` turns it off."""
        self._faults.flood_limits(per_chat_per_second, global_per_second)

    # ----- HTTP handlers ---------------------------------------------------------------------

    def _token_ok(self, request: web.Request) -> bool:
        return request.match_info["bot_token"] == f"bot{self.token}"

    async def _handle_method(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return _json_response(_UNAUTHORIZED.to_json(), status=401)
        call, body = await self._call(request.match_info["method"], partial(read_params, request))
        return _json_response(body, status=call.status)

    async def webhook_answered(self, content_type: str, body: bytes) -> None:
        """Perform the method a 2xx webhook answer carries, as Telegram does; its result goes
        nowhere, an error is only recorded on the ``ApiCall`` (``via_webhook=True``)."""
        try:
            params, files = await parse_body(content_type, body)
        except ApiError as error:
            logger.debug("webhook answer not parsed: %s", error.description)
            return
        except Exception:  # an emulator bug; raising would make the update be redelivered
            logger.exception("emulator failed to parse a webhook answer")
            return
        method = params.pop("method", None)
        if not isinstance(method, str) or not method:
            return
        call, _ = await self._call(method, partial(_normalized, params, files), via_webhook=True)
        if call.error is not None:
            logger.debug("method %s in a webhook answer failed: %s %s", call.method, call.status, call.error)

    async def _call(
        self, method: str, read: ReadParams, via_webhook: bool = False
    ) -> tuple[ApiCall, JsonDict]:
        """Record an ``ApiCall``, run it and return it with its JSON answer; any call but
        getUpdates counts as bot activity for ``wait_idle``."""
        entry = lookup(method)
        call = ApiCall(
            method=entry[0] if entry else method, params={}, at=time.time(), via_webhook=via_webhook
        )
        self.calls.append(call)
        polling = call.method == "getUpdates"
        self.in_flight += 0 if polling else 1
        self._notify()
        try:
            body = await self._answer(call, entry, read)
        except asyncio.CancelledError:
            closed = "the emulator stopped" if via_webhook else "the client closed the connection"
            call.status, call.error = 499, f"cancelled: {closed}"
            raise
        finally:
            self.in_flight -= 0 if polling else 1
            chat_id = call.params.get("chat_id")
            if polling:
                self._notify()
            else:
                self.touch(chat_id if isinstance(chat_id, int) else None)
        return call, body

    async def _answer(self, call: ApiCall, entry: tuple[str, Handler] | None, read: ReadParams) -> JsonDict:
        """Run the call and fill in ``call.params``/``status``/``error``; returns the JSON body."""
        try:
            params, files = await read()
            call.params = {**params, **files}
            if entry is None:
                raise _NOT_FOUND
            result = await self._dispatch(entry[0], entry[1], params, files)
        except ApiError as error:
            call.status, call.error = error.error_code, error.description
            return error.to_json()
        except Exception as exc:  # an emulator bug: answer 500 and keep it visible in emu.calls
            logger.exception("emulator failed on %s", call.method)
            call.status, call.error = 500, f"Internal Server Error: {exc!r}"
            return ApiError(500, call.error).to_json()
        call.status = 200
        return {"ok": True, "result": result}

    async def _dispatch(self, method: str, handler: Handler, params: JsonDict, files: Files) -> Any:
        """Scripted faults first, then flood control of sends, then the method itself."""
        fault = self._faults.take(method)
        if fault is not None:
            raise fault
        chat_id = params.get("chat_id")
        if method.startswith("send") and method != "sendChatAction" and isinstance(chat_id, int):
            flood = self._faults.check_flood(chat_id)
            if flood is not None:
                raise flood
        return await handler(self, params, files)

    def hold_file(self, file_id: str) -> None:
        """FOR TESTS ONLY: a download of ``file_id`` is answered only after ``release_file``
        (a slow download, without a clock); ``files_requested`` shows it was asked for."""
        self._held_files[file_id] = asyncio.Event()

    def release_file(self, file_id: str) -> None:
        held = self._held_files.pop(file_id, None)
        if held is not None:
            held.set()

    async def _handle_file(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return _json_response(_UNAUTHORIZED.to_json(), status=401)
        stored = self.files_by_path.get(request.match_info["path"])
        if stored is None:
            return _json_response(_NOT_FOUND.to_json(), status=404)
        self.files_requested.append(stored.file_id)
        self._notify()
        held = self._held_files.get(stored.file_id)
        if held is not None:
            await held.wait()
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")
