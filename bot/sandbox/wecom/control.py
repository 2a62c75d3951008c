"""The emulator's control API under ``/_emu/`` (not WeCom's): tests and the sandbox page act
as WeChat customers and look at what the bot sent them.

| route | what |
| --- | --- |
| ``GET /_emu/customers`` | every customer: window, budget, last message time |
| ``POST /_emu/customers/{id}/text`` | ``{content}``: the customer writes |
| ``POST /_emu/customers/{id}/file`` | multipart ``file``: the customer sends a file |
| ``POST /_emu/customers/{id}/menu_click`` | ``{menu_id, content}``: taps a menu item |
| ``POST /_emu/customers/{id}/enter_session`` | ``{scene_param, scene}``: opens the chat from a link |
| ``GET /_emu/customers/{id}/messages`` | what the bot sent, and the refusals (``?since=SEQ&wait=S``) |
| ``GET /_emu/customers/{id}/timeline`` | the whole conversation in order (``?since=SEQ&wait=S``) |
| ``GET /_emu/media/{media_id}`` | a file's bytes (no token) |
| ``POST /_emu/clock/advance`` | ``{seconds}``: moves the emulator's clock |
| ``GET /_emu/stats`` | calls and refusals by API method, callbacks |
"""

from __future__ import annotations

import contextlib
import json
import math
from functools import partial
from typing import Any

from aiohttp import web

from bot.sandbox.wecom.actions import CustomerActions
from bot.sandbox.wecom.api import media_response, part_filename
from bot.sandbox.wecom.store import WINDOW_SECONDS, JsonDict

MAX_WAIT_SECONDS = 30.0
_json = partial(web.json_response, dumps=partial(json.dumps, ensure_ascii=False))


def _bad(reason: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": reason}), content_type="application/json")


async def _fields(request: web.Request, *names: str) -> dict[str, str]:
    try:
        body = await request.json()
    except ValueError as exc:
        raise _bad("body is not JSON") from exc
    if not isinstance(body, dict):
        raise _bad("body is not a JSON object")
    values = {name: body.get(name, "") for name in names}
    if not all(isinstance(value, str) for value in values.values()):
        raise _bad(f"{', '.join(names)} must be strings")
    return values


class ControlApi:
    def __init__(self, emulator: CustomerActions) -> None:
        self.emu = emulator

    def routes(self) -> list[web.RouteDef]:
        base = "/_emu/customers/{external_userid}"
        return [
            web.get("/_emu/customers", self.customers),
            web.post(f"{base}/text", self.text),
            web.post(f"{base}/file", self.file),
            web.post(f"{base}/menu_click", self.menu_click),
            web.post(f"{base}/enter_session", self.enter_session),
            web.get(f"{base}/messages", self.messages),
            web.get(f"{base}/timeline", self.timeline),
            web.get("/_emu/media/{media_id}", self.media),
            web.post("/_emu/clock/advance", self.advance),
            web.get("/_emu/stats", self.stats),
        ]

    async def customers(self, request: web.Request) -> web.Response:
        now = self.emu.store.clock.time()
        listing = [
            {
                "external_userid": customer.external_userid,
                "last_message_at": customer.last_message_at,
                "window_open": customer.last_message_at is not None
                and now - customer.last_message_at <= WINDOW_SECONDS,
                "budget": customer.budget,
            }
            for customer in self.emu.store.customers.values()
        ]
        return _json({"now": now, "customers": listing})

    async def text(self, request: web.Request) -> web.Response:
        fields = await _fields(request, "content")
        if not fields["content"]:
            raise _bad("content is empty")
        return _json(self.emu.send_text(request.match_info["external_userid"], fields["content"]))

    async def file(self, request: web.Request) -> web.Response:
        try:
            form = await request.post()
        except ValueError as exc:
            raise _bad("multipart body expected") from exc
        part = form.get("file")
        if not isinstance(part, web.FileField):
            raise _bad("multipart field 'file' with a filename expected")
        uid = request.match_info["external_userid"]
        return _json(self.emu.send_file(uid, part_filename(part), part.file.read(), part.content_type))

    async def menu_click(self, request: web.Request) -> web.Response:
        fields = await _fields(request, "menu_id", "content")
        if not fields["menu_id"]:
            raise _bad("menu_id is empty")
        uid = request.match_info["external_userid"]
        return _json(self.emu.click_menu(uid, fields["menu_id"], fields["content"]))

    async def enter_session(self, request: web.Request) -> web.Response:
        fields = await _fields(request, "scene_param", "scene")
        uid = request.match_info["external_userid"]
        return _json(self.emu.enter_session(uid, fields["scene_param"], fields["scene"]))

    async def _since(self, request: web.Request, select: Any) -> tuple[int, list[JsonDict]]:
        """Entries after ``since`` chosen by ``select``; waits up to ``wait`` s for the first one."""
        try:
            since = int(request.query.get("since", "0"))
            wait = min(float(request.query.get("wait", "0")), MAX_WAIT_SECONDS)
        except ValueError as exc:
            raise _bad("since and wait must be numbers") from exc
        if not math.isfinite(wait):
            raise _bad("wait must be a number of seconds")
        timeline = self.emu.store.customer(request.match_info["external_userid"]).timeline

        def fresh() -> list[JsonDict]:
            return [entry for entry in timeline if entry["seq"] > since and select(entry)]

        if wait > 0 and not fresh():
            with contextlib.suppress(TimeoutError):
                await self.emu.store.wait_for(lambda: bool(fresh()), wait)
        entries = fresh()
        return (entries[-1]["seq"] if entries else since), entries

    async def messages(self, request: web.Request) -> web.Response:
        seq, entries = await self._since(request, lambda entry: entry["who"] in ("bot", "refusal"))
        return _json(
            {
                "seq": seq,
                "messages": [entry for entry in entries if entry["who"] == "bot"],
                "refusals": [entry for entry in entries if entry["who"] == "refusal"],
            }
        )

    async def timeline(self, request: web.Request) -> web.Response:
        seq, entries = await self._since(request, lambda entry: True)
        return _json({"seq": seq, "timeline": entries})

    async def media(self, request: web.Request) -> web.Response:
        media = self.emu.store.media.get(request.match_info["media_id"])
        if media is None:
            raise web.HTTPNotFound()
        return media_response(media.data, media.name, media.content_type)

    async def advance(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            seconds = float(body["seconds"])
        except (ValueError, KeyError, TypeError) as exc:
            raise _bad("{seconds: number} expected") from exc
        if not math.isfinite(seconds) or seconds < 0:
            raise _bad("the clock only moves forward, by a finite number of seconds")
        self.emu.store.clock.advance(seconds)
        self.emu.store.notify()
        return _json({"now": self.emu.store.clock.time()})

    async def stats(self, request: web.Request) -> web.Response:
        deliveries = self.emu.callbacks.deliveries
        return _json(
            {
                "calls": dict(self.emu.store.calls),
                "errors": dict(self.emu.store.errors),
                "callbacks": {
                    "announced": len(deliveries),
                    "delivered": sum(d.delivered for d in deliveries),
                    "failed": sum(d.finished and not d.delivered for d in deliveries),
                },
            }
        )
