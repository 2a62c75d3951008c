"""Parsing Bot API request parameters from any of the encodings clients use.

python-telegram-bot posts ``application/x-www-form-urlencoded`` (or ``multipart/form-data``
when uploading), aiogram always posts ``multipart/form-data``; both send numbers and
booleans as JSON text ("123", "true") and nested objects as JSON strings. Other clients
send ``application/json`` or a GET query. Everything is normalized to typed values here.
``parse_body`` reads a body from its Content-Type and bytes, so a webhook answer carrying a
method is parsed exactly like a request.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from aiohttp import BodyPartReader, MultipartReader, StreamReader, hdrs, web
from aiohttp.base_protocol import BaseProtocol
from aiohttp.helpers import parse_mimetype
from multidict import CIMultiDict

from bot.sandbox.models import ApiError, JsonDict, UploadedFile

_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "allowed_updates",
        "scope",
        "link_preview_options",
        "reply_parameters",
        "media",
        "menu_button",
        "rights",
        "results",
        "message_ids",
        "reaction",
    }
)
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "user_id",
        "cache_time",
        "max_connections",
        "message_thread_id",
        "reply_to_message_id",
        "from_chat_id",
        "duration",
        "width",
        "height",
        "until_date",
    }
)
_BOOL_FIELDS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "has_spoiler",
        "allow_paid_broadcast",
        "show_caption_above_media",
    }
)
_INT_TEXT = re.compile(r"-?\d+")

Files = dict[str, UploadedFile]


async def read_params(request: web.Request) -> tuple[JsonDict, Files]:
    """Merge the query string and the body of ``request`` into typed params plus uploaded files."""
    params: JsonDict = dict(request.query)
    files: Files = {}
    if request.method == "POST" and request.body_exists:
        body, files = await parse_body(request.headers.get(hdrs.CONTENT_TYPE, ""), await request.read())
        params.update(body)
    return normalize(params), files


async def parse_body(content_type: str, body: bytes) -> tuple[JsonDict, Files]:
    """The raw (not yet ``normalize``d) params and file parts of a body, given its full
    Content-Type header. Shared by Bot API requests and webhook answers; an empty body or an
    unknown content type carries nothing."""
    if not body:
        return {}, {}
    mimetype = parse_mimetype(content_type)
    kind = f"{mimetype.type}/{mimetype.subtype}"
    if kind == "application/json":
        return _json_object(body), {}
    try:
        if kind == "application/x-www-form-urlencoded":
            charset = mimetype.parameters.get("charset") or "utf-8"
            return dict(parse_qsl(body.rstrip().decode(charset), keep_blank_values=True)), {}
        if kind == "multipart/form-data":
            return await _read_multipart(content_type, body)
    except (ValueError, LookupError) as exc:  # bad encoding, charset or multipart framing
        raise ApiError(400, f"Bad Request: can't parse {kind} request body") from exc
    return {}, {}


async def _read_multipart(content_type: str, body: bytes) -> tuple[JsonDict, Files]:
    """Parse with aiohttp's own multipart reader, as ``request.post()`` would."""
    loop = asyncio.get_running_loop()
    # the limit keeps the whole body below the high-water mark, so the stream never pauses
    stream = StreamReader(BaseProtocol(loop), len(body) + 2**16, loop=loop)
    stream.feed_data(body)
    stream.feed_eof()
    reader = MultipartReader(CIMultiDict({hdrs.CONTENT_TYPE: content_type}), stream)
    params: JsonDict = {}
    files: Files = {}
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            raise ValueError("a multipart part without a name")
        data = bytes(await part.read(decode=True))
        if part.filename:
            mime = part.headers.get(hdrs.CONTENT_TYPE, "application/octet-stream")
            files[part.name] = UploadedFile(_filename(part.filename), mime, data)
        else:
            params[part.name] = data.decode(part.get_charset(default="utf-8"))
    return params, files


def _filename(raw: str) -> str:
    """aiohttp clients percent-encode non-ASCII file names unless ``quote_fields=False``."""
    try:
        return unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return raw


def _json_object(body: bytes) -> JsonDict:
    try:
        params = json.loads(body)
    except ValueError as exc:
        raise ApiError(400, "Bad Request: can't parse JSON request body") from exc
    if not isinstance(params, dict):
        raise ApiError(400, "Bad Request: request body must be a JSON object")
    return params


def normalize(params: JsonDict) -> JsonDict:
    """Decode JSON-string fields and convert numeric/boolean text of known fields."""
    return {key: _normalize_value(key, value) for key, value in params.items()}


def _normalize_value(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError as exc:
            raise ApiError(400, f"Bad Request: can't parse {key} JSON object") from exc
    if key in _INT_FIELDS and _INT_TEXT.fullmatch(value):
        return int(value)
    if key in _BOOL_FIELDS and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    return value


def get_int(params: JsonDict, key: str, default: int | None = None) -> int:
    """An integer parameter; 400 when missing (without default) or not a number."""
    value = params.get(key, default)
    if value is None:
        raise ApiError(400, f"Bad Request: {key} is empty")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(400, f"Bad Request: invalid {key} specified")
    return value


def get_str(params: JsonDict, key: str, default: str | None = None) -> str | None:
    value = params.get(key, default)
    return None if value is None else str(value)
