"""Webhook mode of the emulator: queued updates are POSTed to the bot, as Telegram does.

While setWebhook has set a url, a delivery loop takes queued updates (redeliveries first,
then pending ones by update_id, filtered by allowed_updates) and POSTs each as JSON, with
``X-Telegram-Bot-Api-Secret-Token`` when a secret_token was set. An update leaves the queue
only on a 2xx answer; any other status, a connection error or a time-out makes it be POSTed
again, with a back-off: attempt k+1 waits ``webhook_retry_delay * 2 ** (k - 1)`` seconds,
at most ``webhook_retry_max_delay`` (so a bot answering 503 for a while is not hammered).
At most ``max_connections`` POSTs run at once, and the updates of one chat go strictly one
after another (update N+1 of a chat is not sent before update N got its 2xx answer), while
different chats are delivered concurrently.

As on Telegram, a 2xx answer may carry a Bot API call: a body with a ``method`` parameter
(JSON object, urlencoded or multipart form). ``webhook_answered`` performs it before the
update leaves the queue, so the reply to update N of a chat exists before update N+1 is
POSTed; its result goes nowhere and its failure does not make the update be redelivered.

Only loopback addresses (127.0.0.0/8, ::1, localhost) are contacted: for any other url an
attempt fails at once as a connection error, without network I/O, so a test that stores a
public-looking url never reaches out. ``webhook_targets`` points deliveries at local servers.
Every attempt is recorded in ``webhook_deliveries``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import json
import time
from collections.abc import Hashable
from urllib.parse import urlsplit

import aiohttp
from aiohttp import hdrs

from bot.sandbox.models import Delivery, JsonDict
from bot.sandbox.state import SandboxState

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_IDLE_WAIT = 3600.0  # the loop wakes on every state change; this only bounds a single wait
_NOT_LOOPBACK = "not delivered: the emulator only POSTs to loopback addresses (see webhook_targets)"


def chat_key(update: JsonDict) -> Hashable:
    """What orders an update: its chat id (a user's id for updates without a chat), else itself."""
    for kind, body in update.items():
        if kind == "update_id" or not isinstance(body, dict):
            continue
        chat = body.get("chat") or (body.get("message") or {}).get("chat")
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return chat["id"]
        sender = body.get("from") or body.get("user")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return sender["id"]
    return ("update", update.get("update_id"))


def is_loopback(url: str) -> bool:
    """True when ``url`` names a loopback host, the only ones the emulator POSTs to."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookDelivery(SandboxState):
    """The delivery loop and its test-side API (``webhook_targets``, ``wait_delivered``)."""

    def __init__(self, token: str, bot_id: int, bot_username: str) -> None:
        super().__init__(token, bot_id, bot_username)
        self.webhook_timeout = 10.0  # seconds the bot may take to answer one POST
        self.webhook_retry_delay = 0.2  # seconds before a failed update is POSTed the second time
        self.webhook_retry_max_delay = 2.0  # the doubling wait between further attempts stops here
        self._targets: list[str] = []
        self._turn = itertools.count()
        self._delivery_loop: asyncio.Task[None] | None = None
        self._deliveries: dict[int, asyncio.Task[None]] = {}  # id(queued entry) -> its POST task
        self._webhook_session: aiohttp.ClientSession | None = None

    # ----- test-side API ---------------------------------------------------------------------

    def webhook_targets(self, urls: list[str] | None) -> None:
        """FOR TESTS ONLY: POST round-robin to ``urls`` (one per attempt, retries included)
        instead of the url set by setWebhook, like the proxy in front of several bot instances.
        A webhook must still be set for delivery to happen; ``None`` or ``[]`` undoes this."""
        self._targets = list(urls or [])
        self._turn = itertools.count()
        self._notify()

    async def wait_delivered(self, timeout: float = 10.0) -> None:
        """Wait until every queued update got a 2xx answer from the webhook (and no POST runs)."""
        await self.wait_for(
            lambda: not self.available_updates() and not self._deliveries,
            timeout,
            describe=self._describe_delivery,
        )

    def _describe_delivery(self) -> str:
        queued = [u["update_id"] for u in self.available_updates()]
        lines = [
            f"Webhook {self.webhook['url'] or '(not set)'}; queued update_ids: {queued}; "
            f"{len(self._deliveries)} POST(s) running. Last attempts:"
        ]
        lines += [
            f"  update {d.update_id} -> {d.url}: {d.status} {d.error or ''}"
            for d in self.webhook_deliveries[-5:]
        ]
        return "\n".join(lines)

    # ----- lifecycle -------------------------------------------------------------------------

    def webhook_changed(self) -> None:
        """Start the delivery loop the first time a webhook is set (it runs until ``stop``)."""
        if self.webhook["url"] and self._delivery_loop is None and not self.closing:
            self._delivery_loop = asyncio.create_task(self._run_deliveries(), name="sandbox-webhook-loop")

    async def stop_deliveries(self) -> None:
        """Cancel the loop and every running POST, and close the HTTP session."""
        tasks = [task for task in (self._delivery_loop, *self._deliveries.values()) if task is not None]
        self._delivery_loop = None
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._deliveries.clear()
        if self._webhook_session is not None:
            await self._webhook_session.close()
            self._webhook_session = None

    async def webhook_answered(self, content_type: str, body: bytes) -> None:
        """Called with every 2xx answer; the emulator performs the Bot API method it carries."""

    def retry_wait(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based) of one update."""
        doubled = self.webhook_retry_delay * 2.0 ** min(attempt - 1, 64)
        return min(doubled, self.webhook_retry_max_delay)

    # ----- the loop --------------------------------------------------------------------------

    def _delivering(self) -> bool:
        return bool(self.webhook["url"]) and not self.closing

    async def _run_deliveries(self) -> None:
        while not self.closing:
            if self._delivering():
                self._start_deliveries()
            await self.wait_change(_IDLE_WAIT)

    def _start_deliveries(self) -> None:
        """Start a POST for every queued update whose chat has no earlier update still queued."""
        limit = int(self.webhook.get("max_connections") or 40)
        chats_taken: set[Hashable] = set()
        for entry in self.available_updates():
            key = chat_key(entry)
            if key in chats_taken:
                continue
            chats_taken.add(key)
            if id(entry) in self._deliveries:
                continue
            if len(self._deliveries) >= limit:
                break
            name = f"sandbox-webhook-update-{entry['update_id']}"
            self._deliveries[id(entry)] = asyncio.create_task(self._deliver(entry), name=name)

    def _queued(self, entry: JsonDict) -> bool:
        return any(u is entry for u in self._redeliver) or any(u is entry for u in self._pending)

    async def _deliver(self, entry: JsonDict) -> None:
        """POST ``entry`` until a 2xx answer, unless the webhook goes away or it is dropped."""
        try:
            for attempt in itertools.count(1):
                if not (self._delivering() and self._queued(entry)):
                    return
                answer = await self._post(entry)
                if answer is not None:
                    await self.webhook_answered(*answer)  # before the chat's next update is POSTed
                    self._redeliver = [u for u in self._redeliver if u is not entry]
                    self._pending = [u for u in self._pending if u is not entry]
                    self._last_delivery = time.monotonic()
                    return
                await asyncio.sleep(self.retry_wait(attempt))
        finally:
            self._deliveries.pop(id(entry), None)
            self._notify()

    def _next_url(self) -> str:
        if self._targets:
            return self._targets[next(self._turn) % len(self._targets)]
        return str(self.webhook["url"])

    async def _post(self, update: JsonDict) -> tuple[str, bytes] | None:
        """One attempt; records a ``Delivery`` and returns the (Content-Type, body) of a 2xx
        answer, None for any other outcome."""
        url = self._next_url()
        headers = {"Content-Type": "application/json"}
        if self.webhook.get("secret_token"):
            headers[SECRET_HEADER] = str(self.webhook["secret_token"])
        body = json.dumps(update, ensure_ascii=False).encode("utf-8")
        delivery = Delivery(update_id=update["update_id"], url=url, status=None, at=time.time())
        answer = ("", b"")
        if not is_loopback(url):
            delivery.error = _NOT_LOOPBACK
        else:
            if self._webhook_session is None:
                # force_close: a fresh connection per POST, so a restarted bot never meets a stale one
                self._webhook_session = aiohttp.ClientSession(
                    connector=aiohttp.TCPConnector(limit=100, force_close=True)
                )
            try:
                async with self._webhook_session.post(
                    url,
                    data=body,
                    headers=headers,
                    allow_redirects=False,
                    timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
                ) as response:
                    delivery.status = response.status
                    answer = (response.headers.get(hdrs.CONTENT_TYPE, ""), await response.read())
                if not delivery.ok:
                    delivery.error = f"Wrong response from the webhook: {response.status} {response.reason}"
            except TimeoutError:
                delivery.status, delivery.error = None, "Read timeout expired"
            except (aiohttp.ClientError, OSError, ValueError) as exc:
                delivery.status, delivery.error = None, f"Connection failed: {exc or type(exc).__name__}"
        self.webhook_deliveries.append(delivery)
        if delivery.error is not None:
            self.webhook_last_error = (int(delivery.at), delivery.error)
        self._notify()
        return answer if delivery.ok else None
