"""A WeChat customer for tests and scripts, driving the emulator's control API over HTTP::

    async with Customer(emu.base_url, "wm_alice") as alice:
        await alice.send_text("状态")
        sent = await alice.wait_for(lambda messages: any("状态" in m["text"]["content"]
                                                      for m in messages if m["msgtype"] == "text"))

``wait_for`` long-polls the emulator (its answer comes as soon as the bot sent something), so
it waits on the condition itself, never on a fixed sleep.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import aiohttp

JsonDict = dict[str, Any]
Messages = list[JsonDict]


class Customer:
    def __init__(
        self, base_url: str, external_userid: str, session: aiohttp.ClientSession | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.external_userid = external_userid
        self._session = session
        self._own_session = session is None

    async def __aenter__(self) -> Customer:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    def _url(self, action: str) -> str:
        return f"{self.base_url}/_emu/customers/{quote(self.external_userid, safe='')}/{action}"

    async def _post(self, action: str, **fields: str) -> JsonDict:
        async with self._http().post(self._url(action), json=fields) as response:
            response.raise_for_status()
            answer: JsonDict = await response.json()
            return answer

    async def send_text(self, content: str) -> JsonDict:
        """Write ``content``; returns the message as ``kf/sync_msg`` lists it."""
        return await self._post("text", content=content)

    async def click_menu(self, menu_id: str, content: str) -> JsonDict:
        """Tap the menu item ``menu_id`` labelled ``content``."""
        return await self._post("menu_click", menu_id=menu_id, content=content)

    async def enter_session(self, scene_param: str = "", scene: str = "") -> JsonDict:
        """Open the chat from the kf link carrying ``scene_param``."""
        return await self._post("enter_session", scene_param=scene_param, scene=scene)

    async def send_file(
        self, name: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> JsonDict:
        """Send a file (an image when ``content_type`` is image/*)."""
        form = aiohttp.FormData()
        form.add_field("file", data, filename=name, content_type=content_type)
        async with self._http().post(self._url("file"), data=form) as response:
            response.raise_for_status()
            answer: JsonDict = await response.json()
            return answer

    async def _messages_since(self, since: int, wait: float) -> JsonDict:
        params = {"since": str(since), "wait": f"{wait:g}"}
        async with self._http().get(self._url("messages"), params=params) as response:
            response.raise_for_status()
            answer: JsonDict = await response.json()
            return answer

    async def messages(self) -> Messages:
        """What the bot sent this customer, in order."""
        return list((await self._messages_since(0, 0))["messages"])

    async def refusals(self) -> Messages:
        """Sends to this customer the emulator refused (``errcode``, ``errmsg``, ``api``)."""
        return list((await self._messages_since(0, 0))["refusals"])

    async def download(self, file: JsonDict) -> bytes:
        """The bytes of a file the bot sent (``message["file"]``)."""
        async with self._http().get(file["url"]) as response:
            response.raise_for_status()
            return await response.read()

    async def wait_for(self, predicate: Callable[[Messages], Any], timeout: float = 10.0) -> Messages:
        """Wait until ``predicate(messages)`` is truthy; returns the messages then. Each round
        waits for the bot's next message (long poll), so nothing is polled on a timer."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        answer = await self._messages_since(0, 0)
        messages: Messages = list(answer["messages"])
        while not predicate(messages):
            remaining = deadline - loop.time()
            if remaining <= 0:
                who = self.external_userid
                raise TimeoutError(f"{who}: condition still false after {timeout:g}s; got {messages}")
            answer = await self._messages_since(answer["seq"], min(remaining, 25.0))
            messages.extend(answer["messages"])
        return messages
