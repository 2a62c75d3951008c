"""The JSON the sandbox page's two APIs (Telegram chats in ``web.py``, the WeChat pane in
``wecom_pane.py``) answer with and read: one answer shape, one error shape, one body check."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from aiohttp import web

json_response = partial(web.json_response, dumps=partial(json.dumps, ensure_ascii=False))


def json_error(kind: type[web.HTTPClientError], reason: str) -> web.HTTPClientError:
    return kind(text=json.dumps({"error": reason}, ensure_ascii=False), content_type="application/json")


async def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object; 400 for anything else."""
    try:
        body = await request.json()
    except ValueError:
        raise json_error(web.HTTPBadRequest, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise json_error(web.HTTPBadRequest, "the body must be a JSON object")
    return body
