"""The HTTP answer to a webhook POST, carrying a Bot API call for Telegram to perform.

Telegram lets a bot answer its POST with one method call (JSON, or multipart/form-data when a
document is uploaded). We use it for the last message of an update: it is sent if and only if
Telegram received our answer, which is exactly when Telegram will not deliver the update again.
"""

from __future__ import annotations

import json

import aiohttp
from aiohttp import web

from bot.telegram.base import WebhookAnswer


def answer_response(answer: WebhookAnswer) -> web.Response:
    if answer.params is None:
        return web.Response(text="ok")
    if answer.file is None:
        return web.json_response(answer.params, dumps=lambda data: json.dumps(data, ensure_ascii=False))
    form = aiohttp.MultipartWriter("form-data")
    for name, value in answer.params.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        part = form.append(text)
        part.set_content_disposition("form-data", name=name)
    document = form.append(answer.file.data, {"Content-Type": "application/octet-stream"})
    document.set_content_disposition("form-data", name="document", filename=answer.file.file_name)
    return web.Response(body=form, headers={"Content-Type": f"multipart/form-data; boundary={form.boundary}"})
