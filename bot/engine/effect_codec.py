"""Effects as JSON, so that the replies of an update are stored with it and can be replayed
when the process that handled it died before sending them. Files go to the file store."""

from __future__ import annotations

from typing import Any

from bot.engine.effects import (
    AnswerCallback,
    ChatAction,
    Edit,
    Effect,
    ForceReply,
    InlineButton,
    InlineKeyboard,
    Keyboard,
    RemoveKeyboard,
    Reply,
    ReplyButton,
    ReplyKeyboard,
    SendFile,
    SetMenu,
)
from storage.file_storage import FileStorage


def keyboard_json(keyboard: Keyboard | None) -> dict[str, Any] | None:
    if isinstance(keyboard, InlineKeyboard):
        return {"inline": [[[b.text, b.data] for b in row] for row in keyboard.rows]}
    if isinstance(keyboard, ReplyKeyboard):
        rows = [[[b.text, b.request_contact] for b in row] for row in keyboard.rows]
        return {"reply": rows, "one_time": keyboard.one_time}
    if isinstance(keyboard, RemoveKeyboard):
        return {"remove": True}
    if isinstance(keyboard, ForceReply):
        return {"force_reply": keyboard.placeholder}
    return None


def keyboard_of(data: dict[str, Any] | None) -> Keyboard | None:
    if not data:
        return None
    if "inline" in data:
        return InlineKeyboard(rows=tuple(tuple(InlineButton(t, d) for t, d in row) for row in data["inline"]))
    if "reply" in data:
        rows = tuple(tuple(ReplyButton(t, bool(c)) for t, c in row) for row in data["reply"])
        return ReplyKeyboard(rows=rows, one_time=bool(data.get("one_time", True)))
    if "remove" in data:
        return RemoveKeyboard()
    return ForceReply(str(data.get("force_reply", "")))


async def to_json(effect: Effect, files: FileStorage) -> dict[str, Any]:
    if isinstance(effect, Reply):
        return {"reply": effect.chat_id, "text": effect.text, "keyboard": keyboard_json(effect.keyboard)}
    if isinstance(effect, Edit):
        return {
            "edit": effect.chat_id,
            "message_id": effect.message_id,
            "text": effect.text,
            "keyboard": keyboard_json(effect.keyboard),
        }
    if isinstance(effect, SendFile):
        stored = await files.put(effect.data)
        return {
            "file": effect.chat_id,
            "name": effect.file_name,
            "sha256": stored.sha256,
            "caption": effect.caption,
            "keyboard": keyboard_json(effect.keyboard),
        }
    if isinstance(effect, AnswerCallback):
        return {"answer": effect.callback_id, "text": effect.text, "alert": effect.alert}
    if isinstance(effect, SetMenu):
        return {"menu": effect.chat_id, "language": effect.language}
    return {"action": effect.chat_id, "kind": effect.action}


async def from_json(data: dict[str, Any], files: FileStorage) -> Effect:
    if "reply" in data:
        return Reply(chat_id=data["reply"], text=data["text"], keyboard=keyboard_of(data.get("keyboard")))
    if "edit" in data:
        keyboard = keyboard_of(data.get("keyboard"))
        return Edit(
            chat_id=data["edit"],
            message_id=data["message_id"],
            text=data["text"],
            keyboard=keyboard if isinstance(keyboard, InlineKeyboard) else None,
        )
    if "file" in data:
        content = await files.get(data["sha256"])
        keyboard = keyboard_of(data.get("keyboard"))
        return SendFile(
            chat_id=data["file"],
            file_name=data["name"],
            data=content,
            caption=data.get("caption"),
            keyboard=keyboard if isinstance(keyboard, InlineKeyboard) else None,
        )
    if "answer" in data:
        return AnswerCallback(
            callback_id=data["answer"], text=data.get("text"), alert=bool(data.get("alert"))
        )
    if "menu" in data:
        return SetMenu(chat_id=data["menu"], language=data["language"])
    return ChatAction(chat_id=data["action"], action=data["kind"])
