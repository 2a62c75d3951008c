"""An emulator of the WeCom 微信客服 (customer service) API on loopback, for tests and the sandbox.

The bot talks real HTTP to ``{base_url}/cgi-bin/...`` as to qyapi.weixin.qq.com (``api``), and
the emulator POSTs the encrypted ``kf_msg_or_event`` callback to the bot (``callback``). Tests
act as WeChat customers, in process or over the control API (``control``, ``customer.py``)::

    emu = WeComEmulator("wwcorp", "secret", "wkkf", "token", aes_key, callback_url=url)
    base_url = await emu.start()
    emu.send_text("wm_alice", "你好")          # stored for sync_msg, callback POSTed
    await emu.wait_for(lambda: emu.messages("wm_alice"))
    emu.clock.advance(48 * 3600 + 1)           # the window closes: send_msg answers 95002
    await emu.stop()

The limits (48-hour window, 5 messages per customer message, text and menu sizes, media ids
valid 3 days, welcome codes valid once within 20 s) answer WeCom's error codes (``errors``).
"""

from __future__ import annotations

from aiohttp import web

from bot.engine.clock import Clock
from bot.sandbox.guard import OwnAddress
from bot.sandbox.wecom.actions import CustomerActions
from bot.sandbox.wecom.api import WeComApi
from bot.sandbox.wecom.callback import CallbackSender
from bot.sandbox.wecom.clock import EmulatorClock
from bot.sandbox.wecom.control import ControlApi
from bot.sandbox.wecom.store import WeComStore


class WeComEmulator(CustomerActions):
    """The server (``start``/``stop``), the callback (``set_callback``/``verify_callback``) and the
    customers' side (``CustomerActions``: ``send_text``, ``messages`` …)."""

    def __init__(
        self,
        corp_id: str,
        secret: str,
        open_kfid: str,
        token: str,
        aes_key: str,
        callback_url: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.clock = EmulatorClock(clock)
        store = WeComStore(corp_id, open_kfid, self.clock)
        super().__init__(store, CallbackSender(store, token, aes_key))
        self.callbacks.url = callback_url
        self.api = WeComApi(self.store, secret)
        self.control = ControlApi(self)
        self._runner: web.AppRunner | None = None

    # ----- lifecycle -------------------------------------------------------------------------

    def routes(self) -> list[web.RouteDef]:
        """The WeCom API and the control API (to serve them in another aiohttp app)."""
        return [*self.api.routes(), *self.control.routes()]

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0 = a free port); sets and returns ``base_url``."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        guard = OwnAddress()  # answers only to its own address (DNS rebinding), as the sandbox page
        app.middlewares.append(guard.middleware)
        app.add_routes(self.routes())
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        guard.listening(host, self._runner.addresses[0][1])
        self.set_base_url(f"http://{host}:{self._runner.addresses[0][1]}")
        return self.base_url

    def set_base_url(self, base_url: str) -> None:
        """Where the API is served (set by ``start``; by the host app when ``routes`` are mounted)."""
        self.base_url = self.store.base_url = base_url

    async def stop(self) -> None:
        await self.callbacks.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> WeComEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ----- the callback ----------------------------------------------------------------------

    def set_callback(self, url: str | None) -> None:
        """The bot's callback URL (messages from now on are announced there)."""
        self.callbacks.url = url

    async def verify_callback(self) -> bool:
        """The console's URL check: a GET with an encrypted ``echostr``; True when the bot
        answers it decrypted."""
        return await self.callbacks.verify()

    async def wait_callbacks(self, timeout: float = 10.0) -> None:
        """Wait until every callback POSTed so far was taken by the bot (or given up)."""
        await self.callbacks.wait_idle(timeout)
