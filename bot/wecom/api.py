"""The WeCom API calls the adapter makes, over aiohttp (nothing blocks the event loop).

The access token is kept in the database (``setting``), so every instance uses the one token and
only one asks for a new one when it has expired; a call refused for its token (40014, 42001) asks
again once and is repeated.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

import aiohttp

from bot.engine.clock import Clock
from storage.db import Database
from storage.repositories import Repositories

log = logging.getLogger(__name__)
TOKEN_ERRORS = frozenset({40014, 42001})  # invalid access_token, access_token expired
TOKEN_MARGIN = timedelta(minutes=5)  # a token this close to expiry is renewed first
_FILENAME = re.compile(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", re.IGNORECASE)


class WeComApiError(Exception):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"{errcode} {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


@dataclass(frozen=True)
class Credentials:
    api_base: str
    corp_id: str
    secret: str
    open_kfid: str


class WeComApi:
    def __init__(self, credentials: Credentials, database: Database, clock: Clock) -> None:
        self.credentials = credentials
        self.database = database
        self.clock = clock
        self._session: aiohttp.ClientSession | None = None
        self._token: tuple[str, datetime] | None = None
        self._token_key = f"wecom_access_token:{credentials.corp_id}"

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def sync(self, cursor: str, token: str, limit: int = 1000) -> dict[str, Any]:
        body: dict[str, Any] = {"cursor": cursor, "limit": limit, "open_kfid": self.credentials.open_kfid}
        if token:
            body["token"] = token
        return await self.call("/cgi-bin/kf/sync_msg", body)

    async def send(self, external_userid: str, msgid: str, message: dict[str, Any]) -> dict[str, Any]:
        body = {"touser": external_userid, "open_kfid": self.credentials.open_kfid, "msgid": msgid, **message}
        return await self.call("/cgi-bin/kf/send_msg", body)

    async def send_on_event(self, code: str, msgid: str, message: dict[str, Any]) -> dict[str, Any]:
        return await self.call("/cgi-bin/kf/send_msg_on_event", {"code": code, "msgid": msgid, **message})

    async def upload(self, file_name: str, data: bytes) -> str:
        """The media id of a file uploaded for sending (valid three days)."""

        async def post(token: str) -> aiohttp.ClientResponse:
            form = aiohttp.FormData()
            form.add_field("media", data, filename=file_name, content_type="application/octet-stream")
            url = self._url("/cgi-bin/media/upload")
            return await self.session.post(url, params={"access_token": token, "type": "file"}, data=form)

        answer = await self._with_token(post)
        return str(answer["media_id"])

    async def download(self, media_id: str) -> tuple[str, bytes]:
        """A file a customer sent: its name (from Content-Disposition) and bytes."""
        for attempt in (1, 2):
            token = await self.access_token(renew=attempt == 2)
            url = self._url("/cgi-bin/media/get")
            async with self.session.get(
                url, params={"access_token": token, "media_id": media_id}
            ) as response:
                data = await response.read()
                if "json" not in response.headers.get("Content-Type", ""):
                    return _file_name(response.headers.get("Content-Disposition", "")), data
            answer = json.loads(data)
            if answer.get("errcode") not in TOKEN_ERRORS or attempt == 2:
                raise WeComApiError(int(answer.get("errcode", -1)), str(answer.get("errmsg", "")))
        raise AssertionError("unreachable")

    async def call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        async def post(token: str) -> aiohttp.ClientResponse:
            return await self.session.post(self._url(path), params={"access_token": token}, json=body)

        return await self._with_token(post)

    async def _with_token(self, request: Any) -> dict[str, Any]:
        for attempt in (1, 2):
            token = await self.access_token(renew=attempt == 2)
            async with await request(token) as response:
                response.raise_for_status()
                answer: dict[str, Any] = await response.json(content_type=None)
            errcode = int(answer.get("errcode", 0))
            if errcode == 0:
                return answer
            if errcode not in TOKEN_ERRORS or attempt == 2:
                raise WeComApiError(errcode, str(answer.get("errmsg", "")))
            log.info("WeCom access token refused (%s); asking for a new one", errcode)
        raise AssertionError("unreachable")

    async def access_token(self, renew: bool = False) -> str:
        """The shared token: this process's copy, else the database's, else a new one (stored)."""
        now = self.clock.now()
        if not renew and self._token is not None and self._token[1] - TOKEN_MARGIN > now:
            return self._token[0]
        if not renew:
            async with self.database.unit_of_work() as session:
                stored = await Repositories(session).settings.get(self._token_key)
            if stored:
                value, expires = json.loads(stored)
                self._token = (value, datetime.fromisoformat(expires))
                if self._token[1] - TOKEN_MARGIN > now:
                    return value
        return await self._new_token()

    async def _new_token(self) -> str:
        c = self.credentials
        params = {"corpid": c.corp_id, "corpsecret": c.secret}
        async with self.session.get(self._url("/cgi-bin/gettoken"), params=params) as response:
            response.raise_for_status()
            answer = await response.json(content_type=None)
        if int(answer.get("errcode", 0)) != 0:
            raise WeComApiError(int(answer["errcode"]), str(answer.get("errmsg", "")))
        value = str(answer["access_token"])
        expires = self.clock.now() + timedelta(seconds=int(answer.get("expires_in", 7200)))
        self._token = (value, expires)
        async with self.database.unit_of_work() as session:
            await Repositories(session).settings.upsert(
                self._token_key, json.dumps([value, expires.isoformat()])
            )
        return value

    def _url(self, path: str) -> str:
        return self.credentials.api_base + path


def _file_name(disposition: str) -> str:
    match = _FILENAME.search(disposition)
    return unquote(match.group(1)) if match else ""
