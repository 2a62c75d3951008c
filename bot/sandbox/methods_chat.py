"""Chat methods: sending, editing and deleting messages, files, callback answers, chat actions."""

from __future__ import annotations

import mimetypes
import time
from typing import Any

from bot.sandbox.markup import ParseEntitiesError, render, utf16_len
from bot.sandbox.models import ApiError, CallbackAnswer, ChatActionRecord, JsonDict, SentMessage, StoredFile
from bot.sandbox.params import get_int, get_str
from bot.sandbox.registry import Files, api_method
from bot.sandbox.state import SandboxState

_PARSE_MODES = {"", "html", "markdown", "markdownv2"}
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_TEXT_BUTTONS_UNALLOWED = (
    "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
)
_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


def target_chat(state: SandboxState, params: JsonDict) -> int:
    """The chat_id of the request; 400 for unknown chats, 403 for users who blocked the bot."""
    chat_id = params.get("chat_id")
    if chat_id is None or chat_id == "":
        raise ApiError(400, "Bad Request: chat_id is empty")
    if not isinstance(chat_id, int) or state.chat_json(chat_id) is None:
        raise ApiError(400, "Bad Request: chat not found")
    if chat_id in state.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat_id


def format_text(text: str, params: JsonDict, entities_key: str) -> tuple[str, list[JsonDict]]:
    """Plain text and entities; explicit entities win over parse_mode, as in the Bot API."""
    parse_mode = get_str(params, "parse_mode", "") or ""
    if parse_mode.lower() not in _PARSE_MODES:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
    entities = params.get(entities_key)
    if isinstance(entities, list) and entities:
        return text, entities
    try:
        return render(text, parse_mode)
    except ParseEntitiesError as exc:
        raise ApiError(400, f"Bad Request: {exc}") from exc


def check_reply_markup(markup: Any) -> JsonDict | None:
    """Validate reply_markup like Telegram does (notably callback_data of at most 64 bytes)."""
    if markup is None:
        return None
    kinds = ("inline_keyboard", "keyboard", "remove_keyboard", "force_reply")
    if not isinstance(markup, dict) or not any(key in markup for key in kinds):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard") or []:
        for button in row if isinstance(row, list) else [None]:
            if not isinstance(button, dict) or not button.get("text"):
                raise ApiError(400, "Bad Request: can't parse inline keyboard button: text is empty")
            if not any(key in button for key in _BUTTON_ACTIONS):
                raise ApiError(400, _TEXT_BUTTONS_UNALLOWED)
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


def _inline(markup: JsonDict | None) -> JsonDict | None:
    return markup if markup and "inline_keyboard" in markup else None


def _now() -> int:
    return int(time.time())


def _new_message(
    state: SandboxState,
    chat_id: int,
    params: JsonDict,
    text: str,
    plain: str,
    entities: Any,
    kind: str = "text",
) -> SentMessage:
    """A message the bot sends, as Telegram would store it (text, or a caption for media)."""
    return SentMessage(
        message_id=state.new_message_id(chat_id),
        chat_id=chat_id,
        date=_now(),
        text=text,
        plain=plain,
        parse_mode=params.get("parse_mode"),
        entities=entities,
        reply_markup=check_reply_markup(params.get("reply_markup")),
        kind=kind,
        params=params,
    )


@api_method("sendMessage")
async def send_message(state: SandboxState, params: JsonDict, files: Files) -> JsonDict:
    chat_id = target_chat(state, params)
    text = get_str(params, "text", "") or ""
    plain, entities = format_text(text, params, "entities")
    if not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(plain) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    message = _new_message(state, chat_id, params, text, plain, entities)
    state.add_sent(message)
    return state.message_json(message)


def resolve_input_file(
    state: SandboxState, params: JsonDict, files: Files, field: str, folder: str
) -> StoredFile:
    """An uploaded part (named ``field`` or referenced as attach://name) or a known file_id."""
    value = params.get(field)
    if isinstance(value, str) and value.startswith("attach://"):
        upload = files.get(value.removeprefix("attach://"))
        if upload is None:
            raise ApiError(400, f"Bad Request: file {value} not found in the request")
    elif field in files:
        upload = files[field]
    elif isinstance(value, str) and value in state.files:
        return state.files[value]
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        raise ApiError(400, "Bad Request: failed to get HTTP URL content")
    elif value:
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
    else:
        raise ApiError(400, f"Bad Request: there is no {field} in the request")
    if not upload.data:
        raise ApiError(400, "Bad Request: file must be non-empty")
    mime_type = mimetypes.guess_type(upload.filename)[0] or upload.content_type or "application/octet-stream"
    return state.store_file(upload.data, upload.filename, mime_type, folder)


def _caption(params: JsonDict) -> tuple[str, str, list[JsonDict]]:
    caption = get_str(params, "caption", "") or ""
    plain, entities = format_text(caption, params, "caption_entities")
    if utf16_len(plain) > 1024:
        raise ApiError(400, "Bad Request: message caption is too long")
    return caption, plain, entities


async def _send_media(state: SandboxState, params: JsonDict, files: Files, kind: str) -> JsonDict:
    chat_id = target_chat(state, params)
    stored = resolve_input_file(state, params, files, kind, "documents" if kind == "document" else "photos")
    caption, plain, entities = _caption(params)
    message = _new_message(state, chat_id, params, caption, plain, entities, kind=kind)
    if kind == "document":
        message.document = stored.to_document()
        message.document_bytes = stored.data
        message.file_name = stored.file_name
    else:
        message.photo = stored.to_photo()
    state.add_sent(message)
    return state.message_json(message)


@api_method("sendDocument")
async def send_document(state: SandboxState, params: JsonDict, files: Files) -> JsonDict:
    return await _send_media(state, params, files, "document")


@api_method("sendPhoto")
async def send_photo(state: SandboxState, params: JsonDict, files: Files) -> JsonDict:
    return await _send_media(state, params, files, "photo")


def editable_message(state: SandboxState, params: JsonDict) -> SentMessage:
    if params.get("inline_message_id"):
        raise ApiError(400, "Bad Request: inline messages are not supported by the emulator")
    chat_id = target_chat(state, params)
    message_id = get_int(params, "message_id")
    message = state.bot_message(chat_id, message_id)
    if message is None and state.user_message(chat_id, message_id) is not None:
        raise ApiError(400, "Bad Request: message can't be edited")
    if message is None or message.deleted:
        raise ApiError(400, "Bad Request: message to edit not found")
    return message


def _apply_edit(
    state: SandboxState,
    message: SentMessage,
    content: tuple[str, str, list[JsonDict]] | None,
    markup: JsonDict | None,
    parse_mode: str | None,
) -> JsonDict:
    """Apply an edit unless nothing changes (Telegram then answers 400 "message is not modified")."""
    new_plain, new_entities = (content[1], content[2]) if content else (message.plain, message.entities)
    if (new_plain, new_entities, markup) == (message.plain, message.entities, _inline(message.reply_markup)):
        raise ApiError(400, _NOT_MODIFIED)
    if content is not None:
        message.text, message.plain, message.entities = content
        message.parse_mode = parse_mode
    if markup is not None or _inline(message.reply_markup) is not None:
        message.reply_markup = markup
    message.edits += 1
    message.edit_date = _now()
    state.touch(message.chat_id)
    return state.message_json(message)


@api_method("editMessageText")
async def edit_message_text(state: SandboxState, params: JsonDict, files: Files) -> JsonDict:
    message = editable_message(state, params)
    if message.kind != "text":
        raise ApiError(400, "Bad Request: there is no text in the message to edit")
    text = get_str(params, "text", "") or ""
    plain, entities = format_text(text, params, "entities")
    if not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(plain) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    markup = _inline(check_reply_markup(params.get("reply_markup")))
    return _apply_edit(state, message, (text, plain, entities), markup, params.get("parse_mode"))


@api_method("editMessageCaption")
async def edit_message_caption(state: SandboxState, params: JsonDict, files: Files) -> JsonDict:
    message = editable_message(state, params)
    if message.kind == "text":
        raise ApiError(400, "Bad Request: there is no caption in the message to edit")
    markup = _inline(check_reply_markup(params.get("reply_markup")))
    return _apply_edit(state, message, _caption(params), markup, params.get("parse_mode"))


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(state: SandboxState, params: JsonDict, files: Files) -> JsonDict:
    message = editable_message(state, params)
    markup = _inline(check_reply_markup(params.get("reply_markup")))
    return _apply_edit(state, message, None, markup, message.parse_mode)


@api_method("deleteMessage")
async def delete_message(state: SandboxState, params: JsonDict, files: Files) -> bool:
    chat_id = target_chat(state, params)
    message_id = get_int(params, "message_id")
    message = state.bot_message(chat_id, message_id)
    if message is not None and not message.deleted:
        message.deleted = True
    elif not state.delete_user_message(chat_id, message_id):
        raise ApiError(400, "Bad Request: message to delete not found")
    state.touch(chat_id)
    return True


@api_method("answerCallbackQuery")
async def answer_callback_query(state: SandboxState, params: JsonDict, files: Files) -> bool:
    query_id = get_str(params, "callback_query_id")
    if query_id not in state.open_callback_queries:
        raise ApiError(400, _QUERY_INVALID)
    state.open_callback_queries.discard(query_id)
    state.callback_answers.append(
        CallbackAnswer(
            callback_query_id=query_id,
            text=get_str(params, "text"),
            show_alert=bool(params.get("show_alert", False)),
            url=get_str(params, "url"),
        )
    )
    state.touch()
    return True


@api_method("sendChatAction")
async def send_chat_action(state: SandboxState, params: JsonDict, files: Files) -> bool:
    chat_id = target_chat(state, params)
    action = get_str(params, "action", "") or ""
    if action not in _CHAT_ACTIONS:
        raise ApiError(400, "Bad Request: wrong parameter action in request")
    state.chat_actions.append(ChatActionRecord(chat_id=chat_id, action=action, at=time.time()))
    state.touch(chat_id)
    return True


@api_method("getFile")
async def get_file(state: SandboxState, params: JsonDict, files: Files) -> JsonDict:
    stored = state.files.get(get_str(params, "file_id", "") or "")
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return stored.to_file()
