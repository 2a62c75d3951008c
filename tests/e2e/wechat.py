"""A WeChat applicant in end-to-end tests: the bot (in process) beside the WeCom emulator.

``WeChat`` reads what the bot sent one customer (texts, menu messages, files) and answers the way a
person in WeChat does: typing, tapping a menu item, sending a file.
"""

from __future__ import annotations

import base64
from typing import Any

from tests.e2e.harness import free_port

CORP_ID = "ww0123456789abcdef"
OPEN_KFID = "wkTestKfAccount0001"
SECRET = "kf-secret-never-printed"
CALLBACK_TOKEN = "CallbackTokenNeverPrinted"
AES_KEY = base64.b64encode(bytes(range(32))).decode().rstrip("=")  # 43 characters
CALLBACK_PATH = "/wecom/callback"
WECOM_ENV = {"WECOM_SECRET": SECRET, "WECOM_TOKEN": CALLBACK_TOKEN, "WECOM_AES_KEY": AES_KEY}


def wecom_section(api_base: str, port: int | None = None) -> tuple[str, int]:
    """bot.toml lines for [wecom] and the HTTP server that takes its callback; and the port."""
    port = port or free_port()
    lines = (
        f'[wecom]\ncorp_id = "{CORP_ID}"\nopen_kfid = "{OPEN_KFID}"\napi_base = "{api_base}"\n'
        f'callback_path = "{CALLBACK_PATH}"\n'
        f'[webhook]\nlisten = "127.0.0.1"\nport = {port}\n'
    )
    return lines, port


def text_of(message: dict[str, Any]) -> str:
    """What a WeChat user reads in one message: the text, or a menu's head and item labels."""
    if message["msgtype"] == "text":
        return str(message["text"]["content"])
    if message["msgtype"] == "msgmenu":
        menu = message["menu"]
        items = [item["content"] for item in menu["list"]]
        return "\n".join([menu.get("head_content", ""), *items, menu.get("tail_content", "")])
    if message["msgtype"] == "file":
        return str(message["file"]["name"])
    return ""


class WeChat:
    """One WeChat customer talking to the bot."""

    def __init__(self, emulator: Any, external_userid: str) -> None:
        self.emu = emulator
        self.user = external_userid

    def messages(self) -> list[dict[str, Any]]:
        return list(self.emu.messages(self.user))

    def texts(self) -> list[str]:
        return [text_of(m) for m in self.messages()]

    async def _after(self, act: Any, *fragments: str, timeout: float = 15) -> list[str]:
        """Do ``act`` and wait until a message sent after it contains any of ``fragments``
        (with none, until at least one message came); the new messages' texts."""
        before = len(self.messages())
        act()

        def arrived() -> bool:
            new = [text_of(m) for m in self.messages()[before:]]
            return bool(new) and (not fragments or any(f in t for t in new for f in fragments))

        await self.emu.wait_for(arrived, timeout)
        return [text_of(m) for m in self.messages()[before:]]

    async def enter(self, scene_param: str = "", *fragments: str) -> list[str]:
        return await self._after(lambda: self.emu.enter_session(self.user, scene_param), *fragments)

    async def send(self, text: str, *fragments: str) -> list[str]:
        return await self._after(lambda: self.emu.send_text(self.user, text), *fragments)

    async def tap(self, label: str, *fragments: str) -> list[str]:
        """Tap the latest menu item whose label contains ``label`` (waiting for it to arrive: a
        reply's menus may follow its text)."""

        def item() -> dict[str, Any] | None:
            for message in reversed(self.messages()):
                if message["msgtype"] == "msgmenu":
                    for entry in message["menu"]["list"]:
                        if label in entry["content"]:
                            return dict(entry)
            return None

        try:
            await self.emu.wait_for(lambda: item() is not None, 15)
        except TimeoutError:
            raise AssertionError(f"no menu item {label!r} for {self.user}; got {self.texts()}") from None
        found = item()
        assert found is not None
        return await self._after(
            lambda: self.emu.click_menu(self.user, found["id"], found["content"]), *fragments
        )

    async def send_file(self, name: str, data: bytes, *fragments: str) -> list[str]:
        return await self._after(lambda: self.emu.send_file(self.user, name, data), *fragments)

    def last(self) -> str:
        return self.texts()[-1]
