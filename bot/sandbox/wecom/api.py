"""The emulated WeCom API: ``/cgi-bin/...`` as qyapi.weixin.qq.com answers it.

Every answer is HTTP 200 with ``errcode``/``errmsg`` (``media/get`` answers the bytes when it
succeeds). Every call but ``gettoken`` needs a valid ``access_token`` (41001 missing, 40014
unknown, 42001 expired). ``kf/send_msg`` and ``kf/send_msg_on_event`` refusals are also put in
the customer's timeline, so that tests and the sandbox page see a limit being hit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from functools import partial
from urllib.parse import quote, unquote

from aiohttp import web

from bot.sandbox.wecom import errors, outgoing
from bot.sandbox.wecom.errors import WeComError
from bot.sandbox.wecom.store import (
    SYNC_HORIZON_SECONDS,
    WELCOME_CODE_SECONDS,
    WINDOW_SECONDS,
    JsonDict,
    WeComStore,
)

MSGID = re.compile(r"[0-9A-Za-z_-]{1,32}")
CURSOR = re.compile(r"C([0-9a-f]+)")
MEDIA_MAX_BYTES = {"image": 10 << 20, "voice": 2 << 20, "video": 10 << 20, "file": 20 << 20}
MEDIA_MIN_BYTES = 5
_json = partial(web.json_response, dumps=partial(json.dumps, ensure_ascii=False))
Action = Callable[[web.Request], Awaitable[JsonDict | web.StreamResponse]]


def ok(**fields: object) -> JsonDict:
    return {"errcode": 0, "errmsg": "ok", **fields}


class WeComApi:
    def __init__(self, store: WeComStore, secret: str) -> None:
        self.store = store
        self.secret = secret

    def routes(self) -> list[web.RouteDef]:
        wrap = self._endpoint
        return [
            web.get("/cgi-bin/gettoken", wrap("gettoken", self.gettoken, token=False)),
            web.post("/cgi-bin/kf/sync_msg", wrap("kf/sync_msg", self.sync_msg)),
            web.post("/cgi-bin/kf/send_msg", wrap("kf/send_msg", self.send_msg)),
            web.post("/cgi-bin/kf/send_msg_on_event", wrap("kf/send_msg_on_event", self.send_msg_on_event)),
            web.post("/cgi-bin/media/upload", wrap("media/upload", self.media_upload)),
            web.get("/cgi-bin/media/get", wrap("media/get", self.media_get)),
        ]

    def _endpoint(
        self, name: str, action: Action, token: bool = True
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handle(request: web.Request) -> web.StreamResponse:
            self.store.calls[name] += 1
            try:
                if token:
                    self._check_token(request.query.get("access_token"))
                answer = await action(request)
            except WeComError as error:
                self.store.errors[f"{name} {error.errcode}"] += 1
                self.store.notify()
                return _json(error.to_json())
            self.store.notify()
            return answer if isinstance(answer, web.StreamResponse) else _json(answer)

        return handle

    def _check_token(self, token: str | None) -> None:
        if not token:
            raise WeComError(errors.MISSING_ACCESS_TOKEN)
        expiry = self.store.access_tokens.get(token)
        if expiry is None:
            raise WeComError(errors.INVALID_ACCESS_TOKEN)
        if expiry <= self.store.now():
            raise WeComError(errors.ACCESS_TOKEN_EXPIRED)

    # ----- gettoken and sync ------------------------------------------------------------------

    async def gettoken(self, request: web.Request) -> JsonDict:
        corp_id, secret = request.query.get("corpid"), request.query.get("corpsecret")
        if not corp_id:
            raise WeComError(errors.MISSING_CORPID)
        if corp_id != self.store.corp_id:
            raise WeComError(errors.INVALID_CORPID)
        if not secret:
            raise WeComError(errors.MISSING_SECRET)
        if secret != self.secret:
            raise WeComError(errors.INVALID_SECRET)
        token, expires_in = self.store.issue_access_token()
        return ok(access_token=token, expires_in=expires_in)

    async def sync_msg(self, request: web.Request) -> JsonDict:
        body = await _json_body(request)
        self._check_kfid(body, required=False)
        msg_token = body.get("token")
        if msg_token is not None and self.store.msg_tokens.get(str(msg_token), 0) <= self.store.now():
            raise WeComError(errors.INVALID_MSG_TOKEN, "token unknown or older than 10 minutes")
        limit = body.get("limit", 1000)
        if not isinstance(limit, int) or not 1 <= limit <= 1000:
            raise WeComError(errors.INVALID_PARAMETER, "limit must be 1..1000")
        start = self._cursor_index(body.get("cursor") or "")
        horizon = self.store.now() - SYNC_HORIZON_SECONDS
        log = self.store.log
        while start < len(log) and log[start]["send_time"] < horizon:
            start += 1
        batch = log[start : start + limit]
        end = start + len(batch)
        return ok(next_cursor=f"C{end:x}", has_more=int(end < len(log)), msg_list=batch)

    def _cursor_index(self, cursor: str) -> int:
        if not cursor:
            return 0
        match = CURSOR.fullmatch(str(cursor))
        if match is None or int(match.group(1), 16) > len(self.store.log):
            raise WeComError(errors.INVALID_PARAMETER, "cursor")
        return int(match.group(1), 16)

    def _check_kfid(self, body: JsonDict, required: bool = True) -> None:
        open_kfid = body.get("open_kfid")
        if (open_kfid is not None or required) and open_kfid != self.store.open_kfid:
            raise WeComError(errors.INVALID_OPEN_KFID)

    # ----- sending ----------------------------------------------------------------------------

    async def send_msg(self, request: web.Request) -> JsonDict:
        body = await _json_body(request)
        customer = self.store.customers.get(str(body.get("touser")))
        try:
            self._check_kfid(body)
            if customer is None:
                raise WeComError(errors.INVALID_EXTERNAL_USERID, "touser never wrote to this account")
            repeated = self._repeated_msgid(body)
            if repeated:
                return ok(msgid=repeated)
            shown = outgoing.check_body(body, outgoing.SEND_MSGTYPES, self.store)
            last = customer.last_message_at
            if last is None or self.store.now() - last > WINDOW_SECONDS:
                raise WeComError(errors.OUT_OF_WINDOW, "more than 48 hours since the customer's last message")
            if customer.budget <= 0:
                raise WeComError(errors.SEND_COUNT_LIMIT, "5 messages sent since the customer's last message")
        except WeComError as error:
            self._refused(customer.external_userid if customer else None, "kf/send_msg", body, error)
            raise
        customer.budget -= 1
        return ok(msgid=self._delivered(customer.external_userid, "kf/send_msg", body, shown))

    async def send_msg_on_event(self, request: web.Request) -> JsonDict:
        body = await _json_body(request)
        code = self.store.welcome_codes.get(str(body.get("code")))
        try:
            repeated = self._repeated_msgid(body)
            if repeated:
                return ok(msgid=repeated)
            if code is None or code.used or self.store.now() - code.created_at > WELCOME_CODE_SECONDS:
                raise WeComError(errors.INVALID_WELCOME_CODE, "unknown, used, or older than 20 seconds")
            shown = outgoing.check_body(body, outgoing.ON_EVENT_MSGTYPES, self.store)
        except WeComError as error:
            self._refused(code.external_userid if code else None, "kf/send_msg_on_event", body, error)
            raise
        code.used = True
        return ok(msgid=self._delivered(code.external_userid, "kf/send_msg_on_event", body, shown))

    def _repeated_msgid(self, body: JsonDict) -> str | None:
        """The msgid of ours again: already delivered means answer it again without sending."""
        msgid = body.get("msgid")
        if msgid is None:
            return None
        if not isinstance(msgid, str) or not MSGID.fullmatch(msgid):
            raise WeComError(errors.INVALID_PARAMETER, "msgid: 1-32 of [0-9a-zA-Z_-]")
        return msgid if msgid in self.store.sent_msgids else None

    def _delivered(self, external_userid: str, api: str, body: JsonDict, shown: JsonDict) -> str:
        msgid = body.get("msgid") or self.store.new_id("out")
        self.store.sent_msgids[msgid] = external_userid
        entry = {"who": "bot", "api": api, "msgid": msgid, **shown}
        self.store.append(self.store.customer(external_userid), entry)
        return msgid

    def _refused(self, external_userid: str | None, api: str, body: JsonDict, error: WeComError) -> None:
        if external_userid is None:
            return
        refusal = {
            "who": "refusal",
            "api": api,
            "errcode": error.errcode,
            "errmsg": error.errmsg,
            "msgtype": body.get("msgtype"),
            "msgid": body.get("msgid"),
        }
        self.store.append(self.store.customer(external_userid), refusal)

    # ----- media ------------------------------------------------------------------------------

    async def media_upload(self, request: web.Request) -> JsonDict:
        kind = request.query.get("type", "")
        if kind not in MEDIA_MAX_BYTES:
            raise WeComError(errors.INVALID_MEDIA_TYPE, f"type {kind!r}")
        try:
            form = await request.post()
        except ValueError as exc:
            raise WeComError(errors.INVALID_PARAMETER, "multipart body") from exc
        part = form.get("media")
        if not isinstance(part, web.FileField):
            raise WeComError(errors.INVALID_PARAMETER, "multipart field 'media' with a filename")
        data = part.file.read()
        if not MEDIA_MIN_BYTES <= len(data) <= MEDIA_MAX_BYTES[kind]:
            raise WeComError(errors.INVALID_FILE_SIZE, f"{len(data)} bytes")
        media = self.store.store_media(kind, part_filename(part), part.content_type, data)
        return ok(type=kind, media_id=media.media_id, created_at=str(int(media.created_at)))

    async def media_get(self, request: web.Request) -> web.StreamResponse:
        media = self.store.live_media(request.query.get("media_id", ""))
        if media is None:
            raise WeComError(errors.INVALID_MEDIA_ID, "unknown or older than 3 days")
        return media_response(media.data, media.name, media.content_type)


def part_filename(part: web.FileField) -> str:
    """A multipart file's name: aiohttp's client percent-encodes non-ASCII names, browsers do not."""
    return unquote(part.filename)


def media_response(data: bytes, name: str, content_type: str) -> web.Response:
    """The bytes with ``Content-Disposition: attachment; filename="…"`` (the name percent-encoded
    when it is not ASCII, and as RFC 6266 ``filename*`` too)."""
    quoted = quote(name, safe="")
    disposition = f"attachment; filename=\"{quoted}\"; filename*=UTF-8''{quoted}"
    return web.Response(
        body=data,
        content_type=content_type or "application/octet-stream",
        headers={"Content-Disposition": disposition},
    )


async def _json_body(request: web.Request) -> JsonDict:
    try:
        body = json.loads(await request.read() or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise WeComError(errors.INVALID_PARAMETER, "body is not JSON") from exc
    if not isinstance(body, dict):
        raise WeComError(errors.INVALID_PARAMETER, "body is not a JSON object")
    return body
