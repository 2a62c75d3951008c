"""In-memory state of the WeCom emulator: tokens, the kf message log, customers, media.

Everything runs on one event loop, so no locks. Every change calls ``notify()``, which wakes
the coroutines in ``wait_change`` (the control API's long polls and test-side waits).
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.wecom.clock import EmulatorClock

JsonDict = dict[str, Any]

TOKEN_SECONDS = 7200  # access_token lifetime (gettoken's expires_in)
MSG_TOKEN_SECONDS = 600  # a callback's sync token is valid 10 minutes
WINDOW_SECONDS = 48 * 3600  # the bot may write within 48 hours of the customer's last message
SENDS_PER_CUSTOMER_MESSAGE = 5  # and at most 5 messages per message of the customer
WELCOME_CODE_SECONDS = 20  # send_msg_on_event within 20 seconds of enter_session
MEDIA_SECONDS = 3 * 24 * 3600  # a temporary media_id is valid 3 days
SYNC_HORIZON_SECONDS = 3 * 24 * 3600  # sync_msg returns the last 3 days


@dataclass
class Media:
    media_id: str
    kind: str  # file | image
    name: str
    content_type: str
    data: bytes
    created_at: float


@dataclass
class Customer:
    """A WeChat user chatting with the kf account. ``timeline`` is the whole conversation in
    order: entries with ``who`` = customer | bot | refusal (what the page and tests read)."""

    external_userid: str
    last_message_at: float | None = None
    budget: int = 0  # messages the bot may still send before the customer writes again
    timeline: list[JsonDict] = field(default_factory=list)


@dataclass
class WelcomeCode:
    external_userid: str
    created_at: float
    used: bool = False


class WeComStore:
    def __init__(self, corp_id: str, open_kfid: str, clock: EmulatorClock) -> None:
        self.corp_id = corp_id
        self.open_kfid = open_kfid
        self.clock = clock
        self.base_url = ""  # set when the server starts (file urls in the timeline)
        self.access_tokens: dict[str, float] = {}  # token -> expiry (expired ones kept: 42001)
        self.msg_tokens: dict[str, float] = {}  # sync token of a callback -> expiry
        self.log: list[JsonDict] = []  # what sync_msg returns, oldest first; cursor = index
        self.customers: dict[str, Customer] = {}
        self.media: dict[str, Media] = {}
        self.welcome_codes: dict[str, WelcomeCode] = {}
        self.sent_msgids: dict[str, str] = {}  # msgid of a delivered send -> external_userid
        self.calls: Counter[str] = Counter()  # API path -> calls
        self.errors: Counter[str] = Counter()  # "path errcode" -> refusals
        self.last_seq = 0  # of ids and timeline entries; counts on across a saved state
        self._changed = asyncio.Event()

    # ----- change notification ---------------------------------------------------------------

    def notify(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def wait_change(self, timeout: float) -> bool:
        if timeout <= 0:
            return False
        try:
            async with asyncio.timeout(timeout):  # no task per wait: 200 customers wait at once
                await self._changed.wait()
        except TimeoutError:
            return False
        return True

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` holds, re-checked on every change; TimeoutError after ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"condition still false after {timeout:g}s")
            await self.wait_change(remaining)

    # ----- ids and tokens --------------------------------------------------------------------

    def now(self) -> float:
        return self.clock.time()

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{self.next_seq():06d}{secrets.token_hex(6)}"

    def next_seq(self) -> int:
        self.last_seq += 1
        return self.last_seq

    def issue_access_token(self) -> tuple[str, int]:
        """The valid token (the same one while it lasts, as WeCom) and its remaining seconds."""
        now = self.now()
        for token, expiry in self.access_tokens.items():
            if expiry > now:
                return token, int(expiry - now)
        token = secrets.token_urlsafe(48)
        self.access_tokens[token] = now + TOKEN_SECONDS
        return token, TOKEN_SECONDS

    def issue_msg_token(self) -> str:
        token = "ENC" + secrets.token_urlsafe(32)
        self.msg_tokens[token] = self.now() + MSG_TOKEN_SECONDS
        return token

    # ----- customers and their messages ------------------------------------------------------

    def customer(self, external_userid: str) -> Customer:
        found = self.customers.get(external_userid)
        if found is None:
            found = self.customers[external_userid] = Customer(external_userid)
        return found

    def append(self, customer: Customer, entry: JsonDict) -> JsonDict:
        entry = {"seq": self.next_seq(), "at": self.now(), **entry}
        customer.timeline.append(entry)
        self.notify()
        return entry

    def customer_message(
        self, external_userid: str, msgtype: str, body: JsonDict, shown: JsonDict | None = None
    ) -> JsonDict:
        """A message the customer sent (origin 3): logged for sync_msg; opens the 48-hour window
        and gives the bot a fresh budget of 5 messages. ``shown``: the timeline's view of the
        body, when it differs (a file's name and url besides its media_id)."""
        customer = self.customer(external_userid)
        now = self.now()
        item = {
            "msgid": self.new_id("msg"),
            "open_kfid": self.open_kfid,
            "external_userid": external_userid,
            "send_time": int(now),
            "origin": 3,
            "msgtype": msgtype,
            msgtype: body,
        }
        self.log.append(item)
        customer.last_message_at = now
        customer.budget = SENDS_PER_CUSTOMER_MESSAGE
        entry = {"who": "customer", "msgid": item["msgid"], "msgtype": msgtype, msgtype: shown or body}
        self.append(customer, entry)
        return item

    def enter_session(self, external_userid: str, scene: str, scene_param: str) -> JsonDict:
        """The customer opened the kf chat from a link (origin 4 event, with a welcome code)."""
        customer = self.customer(external_userid)
        code = secrets.token_urlsafe(24)
        self.welcome_codes[code] = WelcomeCode(external_userid, self.now())
        event = {
            "event_type": "enter_session",
            "open_kfid": self.open_kfid,
            "external_userid": external_userid,
            "scene": scene,
            "scene_param": scene_param,
            "welcome_code": code,
        }
        item = {
            "msgid": self.new_id("evt"),
            "send_time": int(self.now()),
            "origin": 4,
            "msgtype": "event",
            "event": event,
        }
        self.log.append(item)
        self.append(customer, {"who": "customer", "msgid": item["msgid"], "msgtype": "event", "event": event})
        return item

    def store_media(self, kind: str, name: str, content_type: str, data: bytes) -> Media:
        media = Media(self.new_id("media"), kind, name, content_type, data, self.now())
        self.media[media.media_id] = media
        return media

    def live_media(self, media_id: str) -> Media | None:
        media = self.media.get(media_id)
        if media is None or self.now() - media.created_at > MEDIA_SECONDS:
            return None
        return media
