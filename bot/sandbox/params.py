"""Parsing Bot API request parameters from any of the encodings clients use.

python-telegram-bot posts ``application/x-www-form-urlencoded`` (or ``multipart/form-data``
when uploading), aiogram always posts ``multipart/form-data``; both send numbers and
booleans as JSON text ("123", "true") and nested objects as JSON strings. Other clients
send ``application/json`` or a GET query. Everything is normalized to typed values here.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from aiohttp import web

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
        content_type = request.content_type
        if content_type == "application/json":
            params.update(await _read_json_body(request))
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    name, data = _filename(value.filename), value.file.read()
                    files[key] = UploadedFile(name, value.content_type, data)
                elif isinstance(value, bytes | bytearray):
                    params[key] = bytes(value).decode("utf-8")
                else:
                    params[key] = value
    return normalize(params), files


def _filename(raw: str) -> str:
    """aiohttp clients percent-encode non-ASCII file names unless ``quote_fields=False``."""
    try:
        return unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return raw


async def _read_json_body(request: web.Request) -> JsonDict:
    try:
        body = await request.json()
    except ValueError as exc:
        raise ApiError(400, "Bad Request: can't parse JSON request body") from exc
    if not isinstance(body, dict):
        raise ApiError(400, "Bad Request: request body must be a JSON object")
    return body


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
