"""The sandbox answers only to its own address.

A page of another site can make a browser send requests here in two ways: directly (the browser
marks them with ``Origin`` / ``Sec-Fetch-Site``) or by DNS rebinding, where the attacker's name
is pointed at 127.0.0.1 so the browser thinks the page and this server share an origin. Both are
refused by checking the headers against the address the server listens on, never against the
``Host`` the request claims (which the rebinding page chooses).
"""

from __future__ import annotations

import json

from aiohttp import web
from aiohttp.typedefs import Handler

CROSS_SITE = ("cross-site", "same-site")  # Sec-Fetch-Site values of requests another page caused
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")  # names no other site can point here


def _forbidden(reason: str) -> web.HTTPForbidden:
    return web.HTTPForbidden(text=json.dumps({"error": reason}), content_type="application/json")


class OwnAddress:
    """The ``Host`` values this server answers to, known once it listens (``listening``)."""

    def __init__(self) -> None:
        self.hosts: frozenset[str] = frozenset()

    def listening(self, host: str, port: int) -> None:
        names = LOOPBACK_NAMES if host in LOOPBACK_NAMES else (host,)
        self.hosts = frozenset(f"{name}:{port}" for name in names)

    def allows(self, host: str | None, origin: str | None, fetch_site: str | None) -> bool:
        """Whether a request with these headers came from this server's own page or a local tool
        (curl, the bot, tests send no ``Origin``)."""
        if host is None or host.lower() not in self.hosts:
            return False
        if origin is not None and origin.lower() not in {f"http://{h}" for h in self.hosts}:
            return False
        return fetch_site not in CROSS_SITE

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        headers = request.headers
        if not self.allows(headers.get("Host"), headers.get("Origin"), headers.get("Sec-Fetch-Site")):
            raise _forbidden("request refused: not addressed to this sandbox, or from another site")
        return await handler(request)
