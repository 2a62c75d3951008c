"""python-telegram-bot (v22) adapter: long polling, effects as Bot API calls."""

from __future__ import annotations

import contextlib
import json
import logging
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram import ForceReply as TelegramForceReply
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import HTTPXRequest

from bot.engine.effects import (
    AnswerCallback,
    Blocked,
    ChatAction,
    Edit,
    Effect,
    ForceReply,
    InlineKeyboard,
    Keyboard,
    RemoveKeyboard,
    Reply,
    ReplyKeyboard,
    RetryLater,
    SendFile,
    SetMenu,
    Undeliverable,
)
from bot.telegram.base import Adapter, MenuCommand
from bot.telegram.malformed import readable_updates
from bot.telegram.updates import ALLOWED_UPDATES

log = logging.getLogger(__name__)


def markup(keyboard: Keyboard | None) -> Any:
    """The framework's markup, or None for none (an inline keyboard without rows is none: the Bot
    API refuses the ``{}`` it would serialise to)."""
    if isinstance(keyboard, InlineKeyboard) and not keyboard.rows:
        return None
    if isinstance(keyboard, InlineKeyboard):
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in keyboard.rows]
        )
    if isinstance(keyboard, ReplyKeyboard):
        rows = [
            [KeyboardButton(b.text, request_contact=b.request_contact or None) for b in row]
            for row in keyboard.rows
        ]
        return ReplyKeyboardMarkup(rows, one_time_keyboard=keyboard.one_time, resize_keyboard=True)
    if isinstance(keyboard, RemoveKeyboard):
        return ReplyKeyboardRemove()
    if isinstance(keyboard, ForceReply):
        return TelegramForceReply(input_field_placeholder=keyboard.placeholder or None)
    return None


class _LenientRequest(HTTPXRequest):
    """getUpdates whose unreadable updates are reduced to their ids (``bot/telegram/malformed.py``)."""

    async def do_request(self, url: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        status, payload = await super().do_request(url, *args, **kwargs)
        if url.endswith("/getUpdates") and status == 200:
            with contextlib.suppress(ValueError):
                answer = json.loads(payload)
                if isinstance(answer, dict) and "result" in answer:
                    answer["result"] = readable_updates(
                        answer["result"], lambda update: Update.de_json(update, None)
                    )
                    payload = json.dumps(answer).encode()
        return status, payload


class PtbAdapter(Adapter):
    app: Application

    async def _connect(self) -> None:
        base = self.config.api_base
        self.app = (
            ApplicationBuilder()
            .token(self.config.token)
            .base_url(f"{base}/bot")
            .base_file_url(f"{base}/file/bot")
            .get_updates_request(_LenientRequest())
            .concurrent_updates(False)
            .build()
        )
        self.app.add_handler(TypeHandler(Update, self._on_update))
        await self.app.initialize()
        self.bot_username = self.app.bot.username
        await self.set_menus()

    async def start(self) -> None:
        await self._connect()
        await self.app.start()
        assert self.app.updater is not None
        await self.app.updater.start_polling(
            allowed_updates=ALLOWED_UPDATES, timeout=self.config.polling_timeout, poll_interval=0
        )

    async def start_webhook(self, url: str, secret: str) -> None:
        """Webhook mode: updates arrive through ``process_webhook``; PTB's own server is not used,
        so that the answer to Telegram waits for the unit of work (see bot/web.py)."""
        await self._connect()
        await self.app.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)

    def parse_raw(self, data: dict[str, Any]) -> dict[str, Any]:
        return Update.de_json(data, self.app.bot).to_dict()

    def markup_params(self, keyboard: Keyboard | None) -> dict[str, Any] | None:
        telegram_markup = markup(keyboard)
        return telegram_markup.to_dict() if telegram_markup is not None else None

    async def set_menu(self, commands: list[MenuCommand], language: str, chat_id: int | None) -> None:
        await self.app.bot.set_my_commands(
            [BotCommand(c.command, c.description) for c in commands],
            scope=BotCommandScopeChat(chat_id) if chat_id is not None else None,
            language_code=language or None,
        )

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.process(update.to_dict())

    async def stop(self) -> None:
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.finish_in_hand()
        await self.app.shutdown()

    async def download(self, file_id: str) -> bytes:
        telegram_file = await self.app.bot.get_file(file_id)
        return bytes(await telegram_file.download_as_bytearray())

    async def perform(self, effect: Effect) -> None:
        try:
            await self._call(effect)
        except RetryAfter as exc:
            raise _retry_later(exc) from exc
        except Forbidden as exc:
            raise Blocked(str(exc)) from exc
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise Undeliverable(str(exc)) from exc

    async def _call(self, effect: Effect) -> None:
        bot = self.app.bot
        if isinstance(effect, Reply):
            await bot.send_message(
                effect.chat_id, effect.text, parse_mode=ParseMode.HTML, reply_markup=markup(effect.keyboard)
            )
        elif isinstance(effect, Edit):
            await bot.edit_message_text(
                effect.text,
                chat_id=effect.chat_id,
                message_id=effect.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(effect.keyboard),
            )
        elif isinstance(effect, SendFile):
            await bot.send_document(
                effect.chat_id,
                InputFile(effect.data, filename=effect.file_name),
                caption=effect.caption,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(effect.keyboard),
            )
        elif isinstance(effect, AnswerCallback):
            await bot.answer_callback_query(effect.callback_id, text=effect.text, show_alert=effect.alert)
        elif isinstance(effect, ChatAction):
            await bot.send_chat_action(effect.chat_id, effect.action)
        elif isinstance(effect, SetMenu):
            await self.set_chat_language(effect)


def _retry_later(exc: RetryAfter) -> Exception:
    delay = exc.retry_after
    return RetryLater(delay.total_seconds() if hasattr(delay, "total_seconds") else float(delay))
