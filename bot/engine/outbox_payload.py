"""An outbox payload is a JSON form of a Reply or a file message; the sender rebuilds the effect."""

from __future__ import annotations

from typing import Any

from bot.engine import effect_codec
from bot.engine.effects import InlineKeyboard, Reply, SendFile


def message_payload(text: str, keyboard: InlineKeyboard | None = None) -> dict[str, Any]:
    """Keyboards are stored the way the stored replies of updates are (``effect_codec``)."""
    return {"text": text, "keyboard": effect_codec.keyboard_json(keyboard)}


def file_payload(sha256: str, file_name: str, caption: str | None = None) -> dict[str, Any]:
    """A file from the content-addressed store, sent as a document."""
    return {"file": {"sha256": sha256, "name": file_name, "caption": caption}}


def keyboard_of(payload: dict[str, Any]) -> InlineKeyboard | None:
    keyboard = effect_codec.keyboard_of(payload.get("keyboard"))
    return keyboard if isinstance(keyboard, InlineKeyboard) else None


def effect_of(
    chat_id: int, payload: dict[str, Any], file_data: bytes | None = None, key: str | None = None
) -> Reply | SendFile:
    if "file" in payload:
        assert file_data is not None
        info = payload["file"]
        caption = info.get("caption")
        return SendFile(chat_id=chat_id, file_name=info["name"], data=file_data, caption=caption, key=key)
    return Reply(chat_id=chat_id, text=payload["text"], keyboard=keyboard_of(payload), key=key)
