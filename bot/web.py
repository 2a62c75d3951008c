"""The bot's HTTP server in webhook mode: the webhook itself, health, readiness and metrics.

Telegram's POST is answered only after the update's unit of work has committed, so an update
lost in a crash is redelivered by Telegram (and a redelivered one is recognised by its id).
The update's last message travels in that answer, as a Bot API call Telegram performs itself.
Updates of different chats are handled at once, those of one chat one after another
(``bot/telegram/ordering.py``): a slow case check does not hold other applicants up.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from bot import metrics
from bot.config import WebhookSettings
from bot.engine.runner import UpdateInProgress
from bot.telegram.base import Adapter, WebhookAnswer
from bot.telegram.ordering import chat_key
from bot.telegram.webhook_answer import answer_response
from storage.db import Database
from storage.repositories import Repositories

if TYPE_CHECKING:
    from bot.wecom.adapter import WeComAdapter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WeComRoute:
    path: str
    adapter: WeComAdapter


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebServer:
    def __init__(
        self,
        settings: WebhookSettings,
        adapter: Adapter,
        database: Database,
        wecom: WeComRoute | None = None,
        telegram_webhook: bool = True,
    ) -> None:
        self.settings = settings
        self.adapter = adapter
        self.database = database
        self.wecom = wecom  # WeCom's callback URL, served whenever [wecom] is set
        self.telegram_webhook = telegram_webhook  # Telegram's webhook, in webhook mode only
        self._secret = settings.secret.get_secret_value()
        self._runner: web.AppRunner | None = None
        self.port = settings.port

    def app(self) -> web.Application:
        app = web.Application(client_max_size=2 * 1024 * 1024)
        if self.telegram_webhook:
            app.router.add_post(self.settings.path, self.webhook)
        if self.wecom is not None:
            from bot.wecom.web import add_routes

            add_routes(app, self.wecom.path, self.wecom.adapter)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)
        app.router.add_get("/metrics", self.metrics)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.listen, self.settings.port)
        await site.start()
        addresses = self._runner.addresses
        self.port = addresses[0][1] if addresses else self.settings.port
        log.info("HTTP server listening on %s:%s", self.settings.listen, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def webhook(self, request: web.Request) -> web.StreamResponse:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            metrics.UPDATES.labels(kind="webhook", outcome="unauthorised").inc()
            return web.Response(status=401, text="unauthorised")
        try:
            data = await request.json()
        except ValueError:
            return web.Response(status=400, text="not JSON")
        if not isinstance(data, dict) or "update_id" not in data:
            return web.Response(status=400, text="not an update")
        order = self.adapter.order
        await order.admit()
        task = order.submit(chat_key(data), lambda: self._handle(request, data), admitted=True)
        return await asyncio.shield(task)

    async def _handle(self, request: web.Request, data: dict[str, Any]) -> web.StreamResponse:
        """One update, in its chat's turn (``ChatOrder``): handled, then answered, so the next
        update of the chat starts only once this one's last message is on its way."""
        try:
            answer = await self.adapter.process_webhook(data)
        except UpdateInProgress:
            log.info(
                "update %s is being handled by another instance; asking for redelivery", data["update_id"]
            )
            return web.Response(status=503, text="in progress")
        except Exception:
            log.exception("update %s could not be handled; Telegram will redeliver it", data.get("update_id"))
            return web.Response(status=500, text="retry")
        return await self._answer(request, answer)

    async def _answer(self, request: web.Request, answer: WebhookAnswer) -> web.StreamResponse:
        """Answer Telegram, carrying the update's last message; only once the answer is out are
        the replies marked sent. Killed before that, the update is redelivered and its replies
        sent by whichever instance gets it; killed after, Telegram sends the message: either way
        it arrives once."""
        response = answer_response(answer)
        try:
            if answer.update_id is None:
                await _send(request, response)
            else:
                async with self.adapter.engine.performing(answer.update_id):
                    await _send(request, response)
        except (ConnectionError, RuntimeError) as exc:
            log.warning("the answer to update %s was not delivered: %s", answer.update_id, exc)
        return response

    async def healthz(self, _request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def readyz(self, _request: web.Request) -> web.Response:
        try:
            async with self.database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as exc:
            log.warning("not ready: database: %s", type(exc).__name__)
            return web.Response(status=503, text="database unavailable")
        return web.Response(text="ready")

    async def metrics(self, _request: web.Request) -> web.Response:
        try:
            async with self.database.unit_of_work() as session:
                backlog = await Repositories(session).outbox.backlog()
            metrics.OUTBOX_BACKLOG.set(backlog.pending)
            age = (datetime.now(UTC) - backlog.oldest).total_seconds() if backlog.oldest else 0
            metrics.OUTBOX_OLDEST_AGE.set(max(age, 0))
        except Exception as exc:
            log.warning("outbox metrics unavailable: %s", type(exc).__name__)
        body = generate_latest()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


async def _send(request: web.Request, response: web.StreamResponse) -> None:
    await response.prepare(request)
    await response.write_eof()
