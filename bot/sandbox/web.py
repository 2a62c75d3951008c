"""The browser sandbox: a Telegram-like chat page and its JSON API, on the emulator's own port.

The page acts as simulated users through the same test-side API the end-to-end tests use
(``send_text``, ``press``, ``send_document``…), so the bot sees ordinary Bot API updates.
The page long-polls ``GET /api/view``: the answer comes as soon as what it shows changed
(the emulator's change notification wakes the handler), or after ``wait`` seconds.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from aiohttp import web

from bot.sandbox.clock import SandboxClock
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.guard import OwnAddress
from bot.sandbox.models import JsonDict, SandboxChat, SandboxUser, SentMessage
from bot.sandbox.page_json import json_body, json_error, json_response
from bot.sandbox.roles import Pane

STATIC_DIR = Path(__file__).with_name("static")
LONG_POLL_SECONDS = 25.0
FIRST_APPLICANT_ID = 100001
MAX_NOTICES = 20
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{4,19}")


def _inline_buttons(markup: JsonDict | None) -> list[list[JsonDict]]:
    rows = (markup or {}).get("inline_keyboard") or []
    keys = ("text", "callback_data", "url")
    return [[{key: button[key] for key in keys if key in button} for button in row] for row in rows]


def bot_message_view(message: SentMessage) -> JsonDict:
    """A bot message as the page draws it: plain text plus entities, as a Telegram client gets it."""
    view: JsonDict = {
        "id": message.message_id,
        "out": False,
        "date": message.date,
        "kind": message.kind,
        "text": message.plain,
        "entities": message.entities,
        "edited": message.edits > 0,
        "buttons": _inline_buttons(message.reply_markup),
        "force_reply": bool((message.reply_markup or {}).get("force_reply")),
    }
    if message.document is not None:
        view["file"] = {
            "id": message.document["file_id"],
            "name": message.file_name or "file",
            "size": message.document.get("file_size", 0),
        }
    if message.photo:
        view["photo"] = message.photo[-1]["file_id"]
    return view


def user_message_view(message: JsonDict) -> JsonDict:
    """A message a simulated user sent (the ``message`` of the update the page created)."""
    view: JsonDict = {
        "id": message["message_id"],
        "out": True,
        "date": message["date"],
        "kind": "text",
        "from": message["from"].get("first_name", ""),
        "text": message.get("text") or message.get("caption") or "",
        "entities": message.get("entities") or [],
        "edited": False,
        "buttons": [],
    }
    if "document" in message:
        doc = message["document"]
        view["kind"] = "document"
        view["file"] = {"id": doc["file_id"], "name": doc.get("file_name", "file"), "size": doc["file_size"]}
    if "contact" in message:
        view["kind"] = "contact"
        view["contact"] = message["contact"]["phone_number"]
    if "reply_to_message" in message:
        replied = message["reply_to_message"]
        view["reply_to"] = {"id": replied["message_id"], "text": (replied.get("text") or "")[:80]}
    return view


def telegram_phone(typed: str) -> str:
    """The account number as Telegram puts it in a shared contact: digits with the country code,
    no "+" and no spaces ("8613800138000"). A bare 11-digit mainland number gets its 86."""
    digits = "".join(ch for ch in typed if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1") and not typed.strip().startswith("+"):
        return "86" + digits
    return digits


def reply_keyboard(messages: list[SentMessage]) -> JsonDict | None:
    """The reply keyboard in force: the latest ``keyboard`` or ``remove_keyboard`` a message carried.

    Deleting the message that brought a keyboard does not take the keyboard away, as in Telegram.
    """
    keyboard: JsonDict | None = None
    for message in messages:
        markup = message.reply_markup or {}
        if "keyboard" in markup:
            rows = [[{"text": b} if isinstance(b, str) else b for b in row] for row in markup["keyboard"]]
            keyboard = {
                "source": message.message_id,
                "one_time": bool(markup.get("one_time_keyboard")),
                "placeholder": markup.get("input_field_placeholder") or "",
                "rows": [
                    [{"text": str(b.get("text", "")), "contact": bool(b.get("request_contact"))} for b in row]
                    for row in rows
                ],
            }
        elif "remove_keyboard" in markup:
            keyboard = None
    return keyboard


class SandboxWeb:
    """Routes of the page; chats are the applicants' private chats and the chats of the role panes
    (staff, district department, experts). Each role chat has one user who types in it."""

    def __init__(
        self,
        emu: BotApiEmulator,
        staff_user: SandboxUser,
        staff_group: SandboxChat,
        info: JsonDict,
        panes: list[Pane] | None = None,
    ) -> None:
        self.emu = emu
        self.staff_user = staff_user
        self.staff_group = staff_group
        self.info = info
        self.panes = panes or []
        self.applicants: list[int] = []
        self._user_sent: dict[int, list[JsonDict]] = {}
        self._query_chats: dict[str, int] = {}
        self.guard = OwnAddress()  # told the address in SandboxEmulator.start
        self.clock: SandboxClock | None = None  # the bot's clock, once the bot runs
        # who types in each role chat (the staff chats by default, for an emulator without panes)
        self.senders: dict[int, SandboxUser] = {staff_group.id: staff_user, staff_user.id: staff_user}
        for pane in self.panes:
            for chat in pane.chats:
                sender = emu.user(chat.sender_id, first_name=chat.sender_name)
                if chat.is_group:
                    emu.group(chat.chat_id, title=chat.title)
                self.senders[chat.chat_id] = sender

    def add_routes(self, app: web.Application) -> None:
        app.middlewares.append(self.guard.middleware)
        router = app.router
        router.add_get("/", self.index)
        router.add_static("/static/", STATIC_DIR)
        router.add_get("/api/info", self.get_info)
        router.add_get("/api/view", self.get_view)
        router.add_post("/api/applicants", self.post_applicant)
        router.add_post("/api/chats/{chat_id}/text", self.post_text)
        router.add_post("/api/chats/{chat_id}/press", self.post_press)
        router.add_post("/api/chats/{chat_id}/document", self.post_document)
        router.add_post("/api/chats/{chat_id}/contact", self.post_contact)
        router.add_get("/api/files/{file_id}", self.get_file)
        router.add_post("/api/clock", self.post_clock)

    @property
    def user_sent(self) -> dict[int, list[JsonDict]]:
        """The messages the page's people sent, by chat (the bot only sees them as updates)."""
        return self._user_sent

    def restore(self, saved: JsonDict, user_sent: dict[int, list[JsonDict]]) -> None:
        """Take back the applicants and the people's messages of a previous run."""
        self.applicants = [int(user_id) for user_id in saved["applicants"]]
        self._user_sent = user_sent

    def add_applicant(self, name: str | None = None) -> SandboxUser:
        user_id = FIRST_APPLICANT_ID + len(self.applicants)
        user = self.emu.user(user_id, first_name=(name or f"申请人 {len(self.applicants) + 1}")[:64])
        self.applicants.append(user_id)
        return user

    # ----- reading ---------------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    async def get_info(self, request: web.Request) -> web.Response:
        staff = {"user": self.staff_user.to_user(), "group": self.staff_group.to_chat()}
        panes = [pane.to_json() for pane in self.panes]
        clock = self._clock_view()
        view = {**self.info, "bot": self.emu.bot_user, "staff": staff, "panes": panes, "clock": clock}
        return json_response(view)

    def _clock_view(self) -> JsonDict | None:
        if self.clock is None:
            return None
        return {"now": self.clock.now().isoformat(), "offset_days": self.clock.offset_days}

    async def post_clock(self, request: web.Request) -> web.Response:
        """``{"days": n}``: the sandbox's time moves ``n`` days ahead (deadline, 公示 period …)."""
        if self.clock is None:
            raise json_error(web.HTTPConflict, "the bot is not running yet")
        try:
            self.clock.advance(float((await json_body(request)).get("days") or 0))
        except (TypeError, ValueError) as exc:
            raise json_error(web.HTTPBadRequest, str(exc)) from None
        self.emu.touch()  # the page shows the new time at once
        return json_response(self._clock_view())

    async def get_view(self, request: web.Request) -> web.Response:
        """Applicants and the requested chats; waits while their digest equals ``since``."""
        chat_ids = [self._known_chat(part) for part in request.query.get("chats", "").split(",") if part]
        since = request.query.get("since", "")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(float(request.query.get("wait", LONG_POLL_SECONDS)), LONG_POLL_SECONDS)
        while True:
            view = self._view(chat_ids)
            digest = hashlib.sha1(json.dumps(view, sort_keys=True).encode(), usedforsecurity=False)
            view["digest"] = digest.hexdigest()[:20]
            remaining = deadline - loop.time()
            if view["digest"] != since or remaining <= 0 or self.emu.closing:
                return json_response(view)
            await self.emu.wait_change(remaining)

    def _view(self, chat_ids: list[int]) -> JsonDict:
        return {
            "applicants": [self._applicant_summary(user_id) for user_id in self.applicants],
            "commands": self.emu.get_commands(),
            # the days moved ahead, not "now": that changes every second and the long poll would never wait
            "clock": {"offset_days": self.clock.offset_days} if self.clock else None,
            "chats": {str(chat_id): self._chat_view(chat_id) for chat_id in chat_ids},
        }

    def _applicant_summary(self, user_id: int) -> JsonDict:
        sent = [m for m in self.emu.sent_in(user_id) if not m.deleted]
        last = sent[-1] if sent else None
        return {
            "id": user_id,
            "name": self.emu.users[user_id].first_name,
            "count": len(sent),
            "last": last.plain[:80] if last else "",
            "date": last.date if last else None,
        }

    def _chat_view(self, chat_id: int) -> JsonDict:
        bot_sent = self.emu.sent_in(chat_id)
        items = [bot_message_view(m) for m in bot_sent if not m.deleted]
        items += [
            user_message_view(m)
            for m in self._user_sent.get(chat_id, [])
            if self.emu.user_message(chat_id, m["message_id"]) is not None
        ]
        items.sort(key=lambda item: int(item["id"]))
        notices = [
            {"id": a.callback_query_id, "text": a.text, "alert": a.show_alert}
            for a in self.emu.callback_answers
            if a.text and self._query_chats.get(a.callback_query_id) == chat_id
        ]
        viewer = self.senders.get(chat_id) or self.emu.users[chat_id]
        return {
            "id": chat_id,
            "commands": self.emu.menu_for(chat_id, viewer.id, viewer.language_code),
            "messages": items,
            "keyboard": reply_keyboard(bot_sent),
            "notices": notices[-MAX_NOTICES:],
        }

    async def get_file(self, request: web.Request) -> web.Response:
        stored = self.emu.files.get(request.match_info["file_id"])
        if stored is None:
            raise json_error(web.HTTPNotFound, "no such file")
        name = stored.file_name or stored.file_path.rsplit("/", 1)[-1]
        # Whatever a user uploaded (an .html that is also a PDF …) is downloaded, never rendered
        # by the page's origin; images shown in the chat are still drawn by <img>, which ignores this.
        headers = {
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
        }
        return web.Response(
            body=stored.data, headers=headers, content_type=stored.mime_type or "application/octet-stream"
        )

    # ----- acting ----------------------------------------------------------------------------

    async def post_applicant(self, request: web.Request) -> web.Response:
        body = await json_body(request) if request.body_exists else {}
        user = self.add_applicant(str(body.get("name") or "").strip() or None)
        return json_response({"id": user.id, "name": user.first_name})

    async def post_text(self, request: web.Request) -> web.Response:
        chat_id, sender = self._chat(request)
        body = await json_body(request)
        text = str(body.get("text") or "").strip()
        if not text:
            raise json_error(web.HTTPBadRequest, "text is empty")
        if len(text) > 4096:
            raise json_error(web.HTTPBadRequest, "text is longer than 4096 characters")
        replied = None
        if body.get("reply_to") is not None:  # a reply to a bot message, as Telegram clients send it
            replied = self.emu.bot_message(chat_id, _int(body["reply_to"]))
            if replied is None or replied.deleted:
                raise json_error(web.HTTPNotFound, "the message replied to is gone")
        return self._sent(chat_id, self.emu.send_text(sender, text, chat=chat_id, reply_to=replied))

    async def post_press(self, request: web.Request) -> web.Response:
        chat_id, sender = self._chat(request)
        body = await json_body(request)
        message = self.emu.bot_message(chat_id, _int(body.get("message_id")))
        if message is None or message.deleted:
            raise json_error(web.HTTPNotFound, "the message is gone")
        data = str(body.get("data") or "")
        if data not in {value for row in message.buttons() for _, value in row if value}:
            raise json_error(web.HTTPBadRequest, "the message has no such button")
        update = self.emu.press(sender, message, data)
        query_id = update["callback_query"]["id"]
        self._query_chats[query_id] = chat_id
        return json_response({"ok": True, "update_id": update["update_id"], "query_id": query_id})

    async def post_document(self, request: web.Request) -> web.Response:
        chat_id, sender = self._chat(request)
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            raise json_error(web.HTTPBadRequest, "no file part named 'file'")
        data = upload.file.read()
        if not data:
            raise json_error(web.HTTPBadRequest, "the file is empty")
        mime = upload.content_type if upload.content_type != "application/octet-stream" else None
        caption = str(form.get("caption") or "") or None
        name = _file_name(upload.filename)
        return self._sent(chat_id, self.emu.send_document(sender, name, data, mime, caption, chat=chat_id))

    async def post_contact(self, request: web.Request) -> web.Response:
        chat_id, sender = self._chat(request)
        phone = str((await json_body(request)).get("phone") or "").strip()
        if not _PHONE.fullmatch(phone):
            raise json_error(web.HTTPBadRequest, "not a phone number")
        return self._sent(chat_id, self.emu.send_contact(sender, telegram_phone(phone), chat=chat_id))

    # ----- helpers ---------------------------------------------------------------------------

    def _sent(self, chat_id: int, update: JsonDict) -> web.Response:
        """Remember a user's message so the page can show it (the bot only sees it as an update)."""
        self._user_sent.setdefault(chat_id, []).append(update["message"])
        return json_response(
            {"ok": True, "update_id": update["update_id"], "message_id": update["message"]["message_id"]}
        )

    def _known_chat(self, raw: str) -> int:
        chat_id = _int(raw)
        if chat_id not in self.senders and chat_id not in self.applicants:
            raise json_error(web.HTTPNotFound, f"no sandbox chat {raw}")
        return chat_id

    def _chat(self, request: web.Request) -> tuple[int, SandboxUser]:
        """The chat of the URL and who sends in it: the role's user in a role chat."""
        chat_id = self._known_chat(request.match_info["chat_id"])
        return chat_id, self.senders.get(chat_id) or self.emu.users[chat_id]


def _file_name(raw: str | None) -> str:
    """Browsers send UTF-8 file names as they are; aiohttp's client percent-encodes them."""
    try:
        return unquote(raw or "", errors="strict") or "file"
    except UnicodeDecodeError:
        return raw or "file"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise json_error(web.HTTPBadRequest, f"not a number: {value!r}") from None
