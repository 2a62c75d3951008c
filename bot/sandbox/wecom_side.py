"""The WeChat side of the sandbox: the WeCom 微信客服 emulator on a port of its own, the page's
WeChat pane, and the bot's ``[wecom]`` settings.

The secrets (the kf app's secret, the callback's Token and EncodingAESKey) are made up for each
run and given to the emulator and to the bot's settings only; nothing prints them. The bot's
HTTP server (``[webhook] listen/port``) serves the callback, which the emulator checks with the
console's echostr verification once the bot runs.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import SecretStr

from bot.config import Settings, WeComSettings
from bot.sandbox import wecom_snapshot
from bot.sandbox.wecom.emulator import WeComEmulator
from bot.sandbox.wecom_pane import WeComPane

CORP_ID = "wwsandbox0000000001"
OPEN_KFID = "wksandbox000000000001"
CALLBACK_PATH = "/wecom/callback"
SAVE_EVERY_SECONDS = 1.0


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def new_aes_key() -> str:
    """An EncodingAESKey: 32 random bytes as 43 base64 characters (WeCom's form, "=" dropped)."""
    return base64.b64encode(secrets.token_bytes(32)).decode().rstrip("=")


@dataclass(frozen=True)
class RunSecrets:
    """The kf app's secret and the callback's Token and EncodingAESKey, made up for one run."""

    secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    aes_key: str = field(default_factory=new_aes_key)


@dataclass
class WeComSide:
    host: str
    emulator: WeComEmulator
    pane: WeComPane
    run_secrets: RunSecrets = field(repr=False)
    http_port: int  # the bot's HTTP server, where the callback is served
    folder: Path  # the sandbox's data folder, where the WeChat side is kept across restarts
    _saver: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, host: str, scene_param: str, folder: Path, fresh: bool) -> WeComSide:
        """The emulator on a free port, with the conversations of the last run unless ``fresh``."""
        made = RunSecrets()
        emulator = WeComEmulator(CORP_ID, made.secret, OPEN_KFID, made.token, made.aes_key)
        await emulator.start(host, 0)
        pane = WeComPane(emulator, scene_param)
        if fresh:
            wecom_snapshot.forget(folder)
        pane.names = wecom_snapshot.restore(folder, emulator.store)
        side = cls(host, emulator, pane, made, free_port(host), folder)
        side._saver = asyncio.get_running_loop().create_task(side._keep_saving())
        return side

    def configure(self, settings: Settings) -> None:
        """Give the bot the WeChat channel: ``[wecom]`` on this emulator with this run's secrets,
        and its HTTP server (``[webhook]``, which serves the callback) on a free port."""
        settings.wecom = WeComSettings(
            corp_id=CORP_ID,
            open_kfid=OPEN_KFID,
            api_base=self.emulator.base_url,
            callback_path=CALLBACK_PATH,
            secret=SecretStr(self.run_secrets.secret),
            token=SecretStr(self.run_secrets.token),
            aes_key=SecretStr(self.run_secrets.aes_key),
        )
        settings.webhook.listen = self.host
        settings.webhook.port = self.http_port

    async def connect(self) -> bool:
        """Point the emulator at the bot's callback and verify it (True when the bot answers);
        a first WeChat user then opens the chat, unless the last run's are back."""
        self.emulator.set_callback(f"http://{self.host}:{self.http_port}{CALLBACK_PATH}")
        self.pane.connected = await self.emulator.verify_callback()
        if self.pane.connected and not self.pane.names:
            self.pane.add_customer()
        return self.pane.connected

    def save(self) -> None:
        wecom_snapshot.save(self.folder, self.emulator.store, self.pane.names)

    async def _keep_saving(self) -> None:
        """Save after changes, at most every ``SAVE_EVERY_SECONDS``."""
        store = self.emulator.store
        last = wecom_snapshot.fingerprint(store, self.pane.names)
        while True:
            await store.wait_change(3600)
            await asyncio.sleep(SAVE_EVERY_SECONDS)
            current = wecom_snapshot.fingerprint(store, self.pane.names)
            if current != last:
                self.save()
                last = current

    async def stop(self) -> None:
        if self._saver is not None:
            self._saver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._saver
            self._saver = None
        self.save()
        await self.emulator.stop()
