"""The sandbox page's WeChat pane: applicants who reach the bot through WeCom 微信客服.

The pane acts only as WeChat customers do, through the WeCom emulator's customer side
(``bot/sandbox/wecom/actions.py``): opening the chat from the kf link (``enter_session`` with
the campaign as ``scene_param``), writing, tapping menu items and sending files. The bot sees
ordinary callbacks and ``kf/sync_msg`` items. ``GET /api/wecom/view`` long-polls like the
Telegram panes' ``/api/view``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import secrets
from urllib.parse import quote

from aiohttp import web

from bot.sandbox.page_json import json_body, json_error, json_response
from bot.sandbox.wecom.api import part_filename
from bot.sandbox.wecom.emulator import WeComEmulator
from bot.sandbox.wecom.store import WINDOW_SECONDS, JsonDict

LONG_POLL_SECONDS = 25.0
TEXT_MAX_CHARS = 2048


def _file_view(part: JsonDict) -> JsonDict:
    return {"name": part.get("name", "file"), "size": part.get("size", 0),
            "url": f"/api/wecom/media/{quote(str(part.get('media_id', '')))}"}


def item_view(entry: JsonDict) -> JsonDict:
    """One timeline entry as the pane draws it (``kind``: text, menu, file, event, refusal)."""
    view: JsonDict = {"seq": entry["seq"], "at": entry["at"], "out": entry["who"] == "customer"}
    msgtype = entry.get("msgtype")
    if entry["who"] == "refusal":
        view.update(kind="refusal", errcode=entry["errcode"], errmsg=entry["errmsg"], api=entry["api"])
    elif msgtype == "text":
        view.update(kind="text", text=entry["text"]["content"], menu_id=entry["text"].get("menu_id"))
    elif msgtype == "msgmenu":
        menu = entry["menu"]
        view.update(kind="menu", head=menu.get("head_content", ""), items=menu["list"],
                    tail=menu.get("tail_content", ""))
    elif msgtype in ("file", "image"):
        view.update(kind="file", file=_file_view(entry[msgtype]))
    else:
        event = entry.get("event") or {}
        view.update(kind="event", event=event.get("event_type", ""), scene_param=event.get("scene_param", ""))
    return view


class WeComPane:
    """Routes of the WeChat pane, on the sandbox page's own address (and behind its guard)."""

    def __init__(self, emulator: WeComEmulator, scene_param: str) -> None:
        self.emu = emulator
        self.scene_param = scene_param
        self.names: dict[str, str] = {}  # external_userid -> name shown, in the order added
        self.connected = False  # whether the bot answered the callback check (it takes WeChat)

    def add_routes(self, app: web.Application) -> None:
        router = app.router
        router.add_get("/api/wecom/view", self.get_view)
        router.add_post("/api/wecom/customers", self.post_customer)
        router.add_post("/api/wecom/customers/{customer}/text", self.post_text)
        router.add_post("/api/wecom/customers/{customer}/menu", self.post_menu)
        router.add_post("/api/wecom/customers/{customer}/file", self.post_file)
        router.add_get("/api/wecom/media/{media_id}", self.get_media)

    def add_customer(self, name: str | None = None) -> str:
        """A new WeChat user who opens the kf link (the bot gets enter_session and welcomes them)."""
        external_userid = f"wm{secrets.token_hex(8)}"
        self.names[external_userid] = (name or f"微信用户 {len(self.names) + 1}")[:32]
        self.emu.enter_session(external_userid, scene_param=self.scene_param)
        return external_userid

    # ----- reading ---------------------------------------------------------------------------

    async def get_view(self, request: web.Request) -> web.Response:
        shown = request.query.get("customer", "")
        if shown and shown not in self.names:
            raise json_error(web.HTTPNotFound, "no such WeChat customer")
        since = request.query.get("since", "")
        try:
            wait = min(float(request.query.get("wait", LONG_POLL_SECONDS)), LONG_POLL_SECONDS)
        except ValueError:
            wait = math.nan
        if not math.isfinite(wait):
            raise json_error(web.HTTPBadRequest, "wait must be a number of seconds")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            view = self._view(shown)
            digest = hashlib.sha1(json.dumps(view, sort_keys=True).encode(), usedforsecurity=False)
            view["digest"] = digest.hexdigest()[:20]
            remaining = deadline - loop.time()
            if view["digest"] != since or remaining <= 0:
                return json_response(view)
            await self.emu.store.wait_change(remaining)

    def _view(self, shown: str) -> JsonDict:
        now = self.emu.clock.time()
        customers = []
        for external_userid, name in self.names.items():
            customer = self.emu.store.customer(external_userid)
            said = [e for e in customer.timeline if e["who"] == "bot"]
            last = item_view(said[-1]) if said else None
            customers.append({
                "id": external_userid,
                "name": name,
                "count": len(said),
                "last": (last.get("text") or last.get("head") or "") if last else "",
                "written": customer.last_message_at is not None,
                "window_open": customer.last_message_at is not None
                and now - customer.last_message_at <= WINDOW_SECONDS,
            })
        items = [item_view(e) for e in self.emu.store.customer(shown).timeline] if shown else []
        return {"connected": self.connected, "customers": customers, "chat": {"id": shown, "items": items}}

    async def get_media(self, request: web.Request) -> web.Response:
        media = self.emu.store.media.get(request.match_info["media_id"])
        if media is None:
            raise json_error(web.HTTPNotFound, "no such file")
        headers = {  # downloaded, never rendered by the page's origin (as the Telegram panes' files)
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(media.name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
        }
        return web.Response(body=media.data, headers=headers,
                            content_type=media.content_type or "application/octet-stream")

    # ----- acting ----------------------------------------------------------------------------

    async def post_customer(self, request: web.Request) -> web.Response:
        body = await json_body(request) if request.body_exists else {}
        external_userid = self.add_customer(str(body.get("name") or "").strip() or None)
        return json_response({"id": external_userid, "name": self.names[external_userid]})

    async def post_text(self, request: web.Request) -> web.Response:
        customer = self._customer(request)
        text = str((await json_body(request)).get("text") or "").strip()
        if not text:
            raise json_error(web.HTTPBadRequest, "text is empty")
        if len(text) > TEXT_MAX_CHARS:
            raise json_error(web.HTTPBadRequest, f"text is longer than {TEXT_MAX_CHARS} characters")
        return json_response({"msgid": self.emu.send_text(customer, text)["msgid"]})

    async def post_menu(self, request: web.Request) -> web.Response:
        """Tap a click item of a menu the bot sent this customer (its label is what WeChat sends)."""
        customer = self._customer(request)
        menu_id = str((await json_body(request)).get("menu_id") or "")
        labels = {
            item["id"]: item["content"]
            for entry in self.emu.messages(customer)
            if entry.get("msgtype") == "msgmenu"
            for item in entry["menu"]["list"]
            if item["type"] == "click"
        }
        if menu_id not in labels:
            raise json_error(web.HTTPBadRequest, "no menu the bot sent has this item")
        return json_response({"msgid": self.emu.click_menu(customer, menu_id, labels[menu_id])["msgid"]})

    async def post_file(self, request: web.Request) -> web.Response:
        customer = self._customer(request)
        try:
            form = await request.post()
        except ValueError:
            raise json_error(web.HTTPBadRequest, "a multipart form is expected") from None
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            raise json_error(web.HTTPBadRequest, "no file part named 'file'")
        data = upload.file.read()
        if not data:
            raise json_error(web.HTTPBadRequest, "the file is empty")
        name = part_filename(upload) or "file"
        sent = self.emu.send_file(customer, name, data, upload.content_type or "application/octet-stream")
        return json_response({"msgid": sent["msgid"]})

    # ----- helpers ---------------------------------------------------------------------------

    def _customer(self, request: web.Request) -> str:
        customer = request.match_info["customer"]
        if customer not in self.names:
            raise json_error(web.HTTPNotFound, "no such WeChat customer")
        return customer

