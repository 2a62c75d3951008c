"""aiogram (3.x) adapter: long polling, effects as Bot API calls."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import GetUpdates, Response
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    TelegramObject,
    Update,
)
from aiogram.types import ForceReply as TelegramForceReply

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
    """The framework's markup, or None for none (an inline keyboard without rows is none, as in
    the python-telegram-bot adapter)."""
    if isinstance(keyboard, InlineKeyboard) and not keyboard.rows:
        return None
    if isinstance(keyboard, InlineKeyboard):
        rows = [
            [InlineKeyboardButton(text=b.text, callback_data=b.data) for b in row] for row in keyboard.rows
        ]
        return InlineKeyboardMarkup(inline_keyboard=rows)
    if isinstance(keyboard, ReplyKeyboard):
        buttons = [
            [KeyboardButton(text=b.text, request_contact=b.request_contact or None) for b in row]
            for row in keyboard.rows
        ]
        return ReplyKeyboardMarkup(
            keyboard=buttons, one_time_keyboard=keyboard.one_time, resize_keyboard=True
        )
    if isinstance(keyboard, RemoveKeyboard):
        return ReplyKeyboardRemove(remove_keyboard=True)
    if isinstance(keyboard, ForceReply):
        return TelegramForceReply(force_reply=True, input_field_placeholder=keyboard.placeholder or None)
    return None


class _LenientSession(AiohttpSession):
    """getUpdates whose unreadable updates are reduced to their ids (``bot/telegram/malformed.py``).

    Also keeps the response model of each method's result type alive: aiogram reads every answer
    with ``Response[<result type>]``, a pydantic generic that pydantic caches only weakly, so
    without a strong reference the class is built anew (about a millisecond) for every call."""

    _response_types: ClassVar[dict[Any, Any]] = {}

    def check_response(self, bot: Bot, method: Any, status_code: int, content: str) -> Any:
        returning = method.__returning__
        if returning not in self._response_types:
            self._response_types[returning] = Response[returning]  # type: ignore[valid-type]
        if isinstance(method, GetUpdates):
            with contextlib.suppress(ValueError):
                answer = json.loads(content)
                if isinstance(answer, dict) and "result" in answer:
                    answer["result"] = readable_updates(
                        answer["result"], lambda update: Update.model_validate(update, context={"bot": bot})
                    )
                    content = json.dumps(answer)
        return super().check_response(bot, method, status_code, content)


class AiogramAdapter(Adapter):
    bot: Bot
    dispatcher: Dispatcher
    _polling: asyncio.Task[None] | None = None

    async def _connect(self) -> None:
        session = _LenientSession(api=TelegramAPIServer.from_base(self.config.api_base))
        self.bot = Bot(self.config.token, session=session)
        self.dispatcher = Dispatcher()
        self.dispatcher.update.outer_middleware(self._middleware)
        me = await self.bot.get_me()
        self.bot_username = me.username
        await self.set_menus()

    async def set_menu(self, commands: list[MenuCommand], language: str, chat_id: int | None) -> None:
        await self.bot.set_my_commands(
            [BotCommand(command=c.command, description=c.description) for c in commands],
            scope=BotCommandScopeChat(chat_id=chat_id) if chat_id is not None else None,
            language_code=language or None,
        )

    async def start(self) -> None:
        await self._connect()
        self._polling = asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot,
                polling_timeout=self.config.polling_timeout,
                handle_as_tasks=False,
                handle_signals=False,
                close_bot_session=False,
                allowed_updates=ALLOWED_UPDATES,
            )
        )

    async def start_webhook(self, url: str, secret: str) -> None:
        """Webhook mode: updates arrive through ``process_webhook`` (bot/web.py answers Telegram)."""
        await self._connect()
        await self.bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)

    def parse_raw(self, data: dict[str, Any]) -> dict[str, Any]:
        update = Update.model_validate(data, context={"bot": self.bot})
        return update.model_dump(mode="json", by_alias=True, exclude_none=True)

    def markup_params(self, keyboard: Keyboard | None) -> dict[str, Any] | None:
        telegram_markup = markup(keyboard)
        if telegram_markup is None:
            return None
        dumped: dict[str, Any] = telegram_markup.model_dump(mode="json", exclude_none=True)
        return dumped

    async def _middleware(
        self,
        _handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        _data: dict[str, Any],
    ) -> None:
        """Every update goes to the engine; aiogram's own routing is not used."""
        assert isinstance(event, Update)
        await self.process(event.model_dump(mode="json", by_alias=True, exclude_none=True))

    async def stop(self) -> None:
        if self._polling is not None:
            with contextlib.suppress(RuntimeError):  # polling had already stopped
                await self.dispatcher.stop_polling()
            await self._polling
        await self.finish_in_hand()
        await self.bot.session.close()

    async def download(self, file_id: str) -> bytes:
        telegram_file = await self.bot.get_file(file_id)
        assert telegram_file.file_path is not None
        buffer = await self.bot.download_file(telegram_file.file_path)
        assert buffer is not None
        return buffer.read()

    async def perform(self, effect: Effect) -> None:
        try:
            await self._call(effect)
        except TelegramRetryAfter as exc:
            raise RetryLater(float(exc.retry_after)) from exc
        except TelegramForbiddenError as exc:
            raise Blocked(str(exc)) from exc
        except TelegramBadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise Undeliverable(str(exc)) from exc

    async def _call(self, effect: Effect) -> None:
        bot = self.bot
        if isinstance(effect, Reply):
            await bot.send_message(
                chat_id=effect.chat_id,
                text=effect.text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(effect.keyboard),
            )
        elif isinstance(effect, Edit):
            await bot.edit_message_text(
                text=effect.text,
                chat_id=effect.chat_id,
                message_id=effect.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(effect.keyboard),
            )
        elif isinstance(effect, SendFile):
            await bot.send_document(
                chat_id=effect.chat_id,
                document=BufferedInputFile(effect.data, filename=effect.file_name),
                caption=effect.caption,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(effect.keyboard),
            )
        elif isinstance(effect, AnswerCallback):
            await bot.answer_callback_query(
                callback_query_id=effect.callback_id, text=effect.text, show_alert=effect.alert
            )
        elif isinstance(effect, ChatAction):
            await bot.send_chat_action(chat_id=effect.chat_id, action=effect.action)
        elif isinstance(effect, SetMenu):
            await self.set_chat_language(effect)
