"""Plain data records of the Bot API emulator (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


class ApiError(Exception):
    """A Bot API error answer: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{error_code} {description}")
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> JsonDict:
        body: JsonDict = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class ApiCall:
    """One Bot API call of the bot. ``status``/``error`` are filled in once it was answered.
    ``via_webhook``: made in a webhook answer, whose result goes nowhere (not over HTTP)."""

    method: str
    params: JsonDict
    at: float
    status: int = 0
    error: str | None = None
    via_webhook: bool = False


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class SandboxUser:
    """A simulated Telegram user; their private chat with the bot has ``chat_id == id``."""

    id: int
    first_name: str = "张三"
    language_code: str | None = "zh-hans"
    username: str | None = None
    last_name: str | None = None

    @property
    def chat_id(self) -> int:
        return self.id

    def to_user(self) -> JsonDict:
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                user[key] = getattr(self, key)
        return user

    def to_chat(self) -> JsonDict:
        chat: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        for key in ("last_name", "username"):
            if getattr(self, key):
                chat[key] = getattr(self, key)
        return chat


@dataclass
class SandboxChat:
    """A simulated group chat (type "supergroup")."""

    id: int
    title: str = "staff"
    type: str = "supergroup"

    @property
    def chat_id(self) -> int:
        return self.id

    def to_chat(self) -> JsonDict:
        return {"id": self.id, "type": self.type, "title": self.title}


ChatRef = int | SandboxUser | SandboxChat


def chat_id_of(chat: ChatRef) -> int:
    return chat if isinstance(chat, int) else chat.chat_id


@dataclass
class StoredFile:
    """A file known to the emulator, uploaded by a user or by the bot."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def file_size(self) -> int:
        return len(self.data)

    def to_file(self) -> JsonDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "file_path": self.file_path,
        }

    def to_document(self) -> JsonDict:
        doc: JsonDict = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.file_name:
            doc["file_name"] = self.file_name
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        doc["file_size"] = self.file_size
        return doc

    def to_photo(self) -> list[JsonDict]:
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": 1280,
                "height": 720,
                "file_size": self.file_size,
            }
        ]


@dataclass
class SentMessage:
    """A message the bot sent; edits update it in place. ``text``/``plain`` hold the caption of media."""

    message_id: int
    chat_id: int
    date: int
    text: str
    plain: str
    parse_mode: str | None = None
    entities: list[JsonDict] = field(default_factory=list)
    reply_markup: JsonDict | None = None
    kind: str = "text"  # "text" | "document" | "photo"
    document: JsonDict | None = None
    document_bytes: bytes | None = None
    file_name: str | None = None
    photo: list[JsonDict] | None = None
    edits: int = 0
    edit_date: int | None = None
    deleted: bool = False
    params: JsonDict = field(default_factory=dict)

    @property
    def caption(self) -> str | None:
        return None if self.kind == "text" else self.text

    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard as rows of ``(text, callback_data)``; ``[]`` without an inline keyboard."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [[(b.get("text", ""), b.get("callback_data")) for b in row] for row in rows]

    def button_texts(self) -> list[str]:
        return [text for row in self.buttons() for text, _ in row]

    def reply_keyboard(self) -> list[list[JsonDict]] | None:
        """Rows of KeyboardButton dicts when the message carries a ReplyKeyboardMarkup."""
        keyboard = (self.reply_markup or {}).get("keyboard")
        if keyboard is None:
            return None
        return [[{"text": b} if isinstance(b, str) else b for b in row] for row in keyboard]

    def to_api(self, chat: JsonDict, sender: JsonDict) -> JsonDict:
        """The Bot API Message object. Only inline keyboards are echoed, as Telegram does."""
        msg: JsonDict = {"message_id": self.message_id, "from": sender, "chat": chat, "date": self.date}
        if self.edit_date is not None:
            msg["edit_date"] = self.edit_date
        is_text = self.kind == "text"
        text_key, entities_key = ("text", "entities") if is_text else ("caption", "caption_entities")
        if self.plain:
            msg[text_key] = self.plain
        if self.entities:
            msg[entities_key] = self.entities
        if self.document is not None:
            msg["document"] = self.document
        if self.photo is not None:
            msg["photo"] = self.photo
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            msg["reply_markup"] = self.reply_markup
        return msg

    def describe(self) -> str:
        flags = (" (deleted)" if self.deleted else "") + (f" (edited x{self.edits})" if self.edits else "")
        extra = f" [document {self.file_name}]" if self.kind == "document" else ""
        buttons = f" buttons={self.button_texts()}" if self.buttons() else ""
        return f"#{self.message_id}{flags}{extra}: {self.plain[:300]!r}{buttons}"


@dataclass
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None


@dataclass
class ChatActionRecord:
    chat_id: int
    action: str
    at: float


@dataclass
class Delivery:
    """One webhook POST attempt of an update. ``status`` is the HTTP status of the answer, None
    when there was none (connection error, timeout); ``error`` is what getWebhookInfo would
    report for a failed attempt, None for a 2xx answer."""

    update_id: int
    url: str
    status: int | None
    at: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300
