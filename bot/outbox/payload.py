"""An outbox payload is a JSON form of a Reply or a file message; the sender rebuilds the effect."""

from __future__ import annotations

from typing import Any

from bot.engine.effects import InlineButton, InlineKeyboard, Reply, SendFile


def message_payload(text: str, keyboard: InlineKeyboard | None = None) -> dict[str, Any]:
    rows = [[{"text": b.text, "data": b.data} for b in row] for row in keyboard.rows] if keyboard else None
    return {"text": text, "keyboard": rows}


def file_payload(sha256: str, file_name: str, caption: str | None = None) -> dict[str, Any]:
    """A file from the content-addressed store, sent as a document."""
    return {"file": {"sha256": sha256, "name": file_name, "caption": caption}}


def keyboard_of(payload: dict[str, Any]) -> InlineKeyboard | None:
    rows = payload.get("keyboard")
    if not rows:
        return None
    return InlineKeyboard(rows=tuple(tuple(InlineButton(b["text"], b["data"]) for b in row) for row in rows))


def effect_of(chat_id: int, payload: dict[str, Any], file_data: bytes | None = None) -> Reply | SendFile:
    if "file" in payload:
        assert file_data is not None
        info = payload["file"]
        return SendFile(chat_id=chat_id, file_name=info["name"], data=file_data, caption=info.get("caption"))
    return Reply(chat_id=chat_id, text=payload["text"], keyboard=keyboard_of(payload))
