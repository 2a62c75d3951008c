"""The callback URL on the bot's HTTP server: GET verifies it (``echostr``), POST says messages wait.

A POST is answered at once (WeCom waits 5 seconds at most); fetching and handling follow in the
adapter's sync loop. A call that fails its signature is answered 403 and changes nothing.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.wecom.adapter import WeComAdapter
from bot.wecom.callback import BadCallback, Signed

log = logging.getLogger(__name__)


def add_routes(app: web.Application, path: str, adapter: WeComAdapter) -> None:
    async def verify(request: web.Request) -> web.Response:
        try:
            echo = adapter.crypto.echo(Signed.of(request.query), request.query.get("echostr", ""))
        except BadCallback as exc:
            log.warning("WeCom URL verification refused: %s", exc)
            return web.Response(status=403, text="forbidden")
        return web.Response(text=echo)

    async def notified(request: web.Request) -> web.Response:
        body = await request.read()
        try:
            notice = adapter.crypto.notice(Signed.of(request.query), body)
        except BadCallback as exc:
            log.warning("WeCom callback refused: %s", exc)
            return web.Response(status=403, text="forbidden")
        if notice is not None:
            adapter.notice(notice)
        return web.Response(text="success")

    app.router.add_get(path, verify)
    app.router.add_post(path, notified)
