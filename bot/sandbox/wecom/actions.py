"""The customers' side of the emulator: WeChat users who write, tap menu items, send files and
open the chat from a link; and what the bot sent them. The control API and tests use it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.sandbox.wecom.callback import CallbackSender
from bot.sandbox.wecom.store import JsonDict, WeComStore


class CustomerActions:
    def __init__(self, store: WeComStore, callbacks: CallbackSender) -> None:
        self.store = store
        self.callbacks = callbacks

    def send_text(self, external_userid: str, content: str) -> JsonDict:
        """The customer writes ``content``; returns the message as sync_msg will list it."""
        return self._announced(self.store.customer_message(external_userid, "text", {"content": content}))

    def click_menu(self, external_userid: str, menu_id: str, content: str) -> JsonDict:
        """The customer taps a menu item: a text message with its ``menu_id``, as WeCom sends it."""
        body = {"content": content, "menu_id": menu_id}
        return self._announced(self.store.customer_message(external_userid, "text", body))

    def send_file(
        self, external_userid: str, name: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> JsonDict:
        """The customer sends a file; the bot gets its media_id and downloads it with media/get."""
        kind = "image" if content_type.startswith("image/") else "file"
        media = self.store.store_media(kind, name, content_type, data)
        shown = {
            "media_id": media.media_id,
            "name": name,
            "size": len(data),
            "url": f"{self.store.base_url}/_emu/media/{media.media_id}",
        }
        item = self.store.customer_message(external_userid, kind, {"media_id": media.media_id}, shown)
        return self._announced(item)

    def enter_session(self, external_userid: str, scene_param: str = "", scene: str = "") -> JsonDict:
        """The customer opens the chat from the kf link (``scene_param`` as in the link)."""
        return self._announced(self.store.enter_session(external_userid, scene, scene_param))

    def _announced(self, item: JsonDict) -> JsonDict:
        self.callbacks.announce()
        return item

    def messages(self, external_userid: str) -> list[JsonDict]:
        """What the bot sent the customer, in order:
        ``{msgtype, text|menu|file|image, msgid, api, seq, at}``."""
        return [entry for entry in self._timeline(external_userid) if entry["who"] == "bot"]

    def refusals(self, external_userid: str) -> list[JsonDict]:
        """Sends to the customer the emulator refused: ``{api, errcode, errmsg, msgtype, msgid}``."""
        return [entry for entry in self._timeline(external_userid) if entry["who"] == "refusal"]

    def _timeline(self, external_userid: str) -> list[JsonDict]:
        customer = self.store.customers.get(external_userid)
        return customer.timeline if customer else []

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` is truthy, re-checked on every change (no fixed sleeps)."""
        await self.store.wait_for(lambda: bool(predicate()), timeout)
