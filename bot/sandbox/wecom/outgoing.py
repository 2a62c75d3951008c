"""What the bot may send a customer: message bodies checked against WeCom's limits.

``check_body`` raises ``WeComError`` with WeCom's code for the first limit a ``send_msg`` /
``send_msg_on_event`` body breaks, and otherwise returns the message as the customer sees it
(``{"msgtype": ..., "text"|"menu"|"file": ...}``), which goes into the customer's timeline.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.wecom import errors
from bot.sandbox.wecom.errors import WeComError
from bot.sandbox.wecom.store import JsonDict, WeComStore

TEXT_MAX_BYTES = 2048
MENU_MAX_ITEMS = 10
MENU_HEAD_TAIL_MAX_BYTES = 1024
CLICK_ID_MAX_BYTES = 64
# content limits of a menu item by its type (click labels are what the brief calls item content)
MENU_ITEM_CONTENT_MAX_BYTES = {"click": 128, "view": 1024, "miniprogram": 1024, "text": 256}
SEND_MSGTYPES = frozenset({"text", "file", "image", "msgmenu"})
ON_EVENT_MSGTYPES = frozenset({"text", "msgmenu"})


def _size(value: Any) -> int:
    return len(value.encode()) if isinstance(value, str) else -1


def _bounded_text(value: Any, limit: int, field: str, code: int = errors.INVALID_PARAMETER) -> str:
    size = _size(value)
    if size < 1:
        raise WeComError(errors.INVALID_PARAMETER, f"{field} missing or empty")
    if size > limit:
        raise WeComError(code, f"{field} is {size} bytes (max {limit})")
    return str(value)


def _part(body: JsonDict, name: str) -> JsonDict:
    part = body.get(name)
    if not isinstance(part, dict):
        raise WeComError(errors.INVALID_PARAMETER, f"{name} missing")
    return part


def _text(body: JsonDict) -> JsonDict:
    content = _bounded_text(
        _part(body, "text").get("content"), TEXT_MAX_BYTES, "text.content", errors.CONTENT_TOO_LONG
    )
    return {"msgtype": "text", "text": {"content": content}}


def _menu_item(index: int, item: Any) -> JsonDict:
    kind = item.get("type") if isinstance(item, dict) else None
    if kind not in MENU_ITEM_CONTENT_MAX_BYTES:
        raise WeComError(errors.INVALID_PARAMETER, f"msgmenu.list[{index}].type {kind!r}")
    detail = item.get(kind)
    if not isinstance(detail, dict):
        raise WeComError(errors.INVALID_PARAMETER, f"msgmenu.list[{index}].{kind} missing")
    where = f"msgmenu.list[{index}].{kind}"
    shown: JsonDict = {"type": kind}
    content_limit = MENU_ITEM_CONTENT_MAX_BYTES[kind]
    shown["content"] = _bounded_text(detail.get("content"), content_limit, f"{where}.content")
    if kind == "click":
        shown["id"] = _bounded_text(detail.get("id"), CLICK_ID_MAX_BYTES, f"{where}.id")
    elif kind == "view":
        shown["url"] = _bounded_text(detail.get("url"), 2048, f"{where}.url")
    return shown


def _menu(body: JsonDict) -> JsonDict:
    menu = _part(body, "msgmenu")
    items = menu.get("list") or []
    if not isinstance(items, list):
        raise WeComError(errors.INVALID_PARAMETER, "msgmenu.list is not a list")
    if len(items) > MENU_MAX_ITEMS:
        detail = f"msgmenu.list has {len(items)} items (max {MENU_MAX_ITEMS})"
        raise WeComError(errors.INVALID_PARAMETER, detail)
    shown: JsonDict = {"list": [_menu_item(index, item) for index, item in enumerate(items)]}
    for name in ("head_content", "tail_content"):
        if menu.get(name):
            shown[name] = _bounded_text(menu[name], MENU_HEAD_TAIL_MAX_BYTES, f"msgmenu.{name}")
    return {"msgtype": "msgmenu", "menu": shown}


def _media(body: JsonDict, kind: str, store: WeComStore) -> JsonDict:
    media_id = _part(body, kind).get("media_id")
    media = store.live_media(media_id) if isinstance(media_id, str) else None
    if media is None:
        raise WeComError(errors.INVALID_MEDIA_ID, f"{kind}.media_id unknown or older than 3 days")
    shown = {
        "name": media.name,
        "size": len(media.data),
        "media_id": media.media_id,
        "url": f"{store.base_url}/_emu/media/{media.media_id}",
    }
    return {"msgtype": kind, kind: shown}


def check_body(body: JsonDict, allowed: frozenset[str], store: WeComStore) -> JsonDict:
    """The message a send call carries, as the customer sees it; WeComError on a broken limit."""
    msgtype = body.get("msgtype")
    if msgtype not in allowed:
        raise WeComError(errors.INVALID_MSGTYPE, f"msgtype {msgtype!r}")
    if msgtype == "text":
        return _text(body)
    if msgtype == "msgmenu":
        return _menu(body)
    return _media(body, str(msgtype), store)
