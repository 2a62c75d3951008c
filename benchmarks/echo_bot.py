"""A bare echo bot, on python-telegram-bot or aiogram, in webhook or long-polling mode: no
database, no engine.

The ceiling ``bench_instances.py`` compares the real bot with: the same framework parsing the
same updates and making the same kind of Bot API calls against the same emulator. Each text
message is answered with its text, each button press with answerCallbackQuery and a message;
every reply carries one inline button, so the load driver can press it as an applicant presses
the bot's buttons. As the real bot does (bot/web.py), the webhook POST is answered only after
the update was handled. In polling mode (``--mode polling``, the default of ``./scripts/run.sh``)
the framework's own getUpdates loop fetches the updates and handles them concurrently (as the
real bot handles different chats at once).

Run: BOT_TOKEN=… WEBHOOK_SECRET=… python benchmarks/echo_bot.py --framework ptb|aiogram
       --api-base http://127.0.0.1:PORT [--mode webhook --port 8081
       [--public-url http://127.0.0.1:8081/telegram] | --mode polling]
Stops (exit 0) on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import os
import signal
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

PATH = "/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
BUTTON = ("echo", "again")  # (label, callback_data) of the one inline button of every reply
POLLING_TIMEOUT = 10  # seconds of getUpdates long polling, as the real bot ([telegram] default)
CONCURRENCY = 32  # updates handled at once in polling mode, as the real bot's [telegram] concurrency


async def serve(app: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def run_ptb(
    token: str, secret: str, api_base: str, port: int, public_url: str, stop: asyncio.Event, polling: bool
) -> None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.ext import (
        ApplicationBuilder,
        CallbackQueryHandler,
        ContextTypes,
        MessageHandler,
        Updater,
        filters,
    )

    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(BUTTON[0], callback_data=BUTTON[1])]])

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None and update.effective_message is not None
        text = update.effective_message.text or "?"
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)

    async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await context.bot.send_message(query.from_user.id, f"pressed {query.data}", reply_markup=keyboard)

    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_base}/bot")
        .base_file_url(f"{api_base}/file/bot")
        .updater(None)
    )
    if polling:  # the fetched updates handled at once, as the real bot handles chats at once
        builder = builder.concurrent_updates(CONCURRENCY)
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, on_text))
    application.add_handler(CallbackQueryHandler(on_press))

    async def webhook(request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), secret.encode()):
            return web.Response(status=401, text="unauthorised")
        update = Update.de_json(await request.json(), application.bot)
        await application.process_update(update)
        return web.Response(text="ok")

    await application.initialize()  # getMe
    await application.start()
    if polling:
        updater = Updater(application.bot, application.update_queue)
        await updater.initialize()
        await updater.start_polling(timeout=POLLING_TIMEOUT, poll_interval=0)
        try:
            await stop.wait()
        finally:
            await updater.stop()
            await updater.shutdown()
            await application.stop()
            await application.shutdown()
        return
    app = web.Application()
    app.router.add_post(PATH, webhook)
    runner = await serve(app, port)
    try:
        await application.bot.set_webhook(public_url, secret_token=secret)
        await stop.wait()
    finally:
        await runner.cleanup()
        await application.stop()
        await application.shutdown()


async def run_aiogram(
    token: str, secret: str, api_base: str, port: int, public_url: str, stop: asyncio.Event, polling: bool
) -> None:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler

    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=BUTTON[0], callback_data=BUTTON[1])]]
    )
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api_base)))
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def on_text(message: Message) -> None:
        await bot.send_message(message.chat.id, message.text or "?", reply_markup=keyboard)

    @dispatcher.callback_query()
    async def on_press(query: CallbackQuery) -> None:
        await query.answer()
        await bot.send_message(query.from_user.id, f"pressed {query.data}", reply_markup=keyboard)

    if polling:
        try:  # its updates handled as tasks, at once (aiogram's default)
            await bot.delete_webhook()
            polling_task = asyncio.create_task(
                dispatcher.start_polling(bot, polling_timeout=POLLING_TIMEOUT, handle_signals=False)
            )
            await stop.wait()
            await dispatcher.stop_polling()
            await polling_task
        finally:
            await bot.session.close()
        return
    app = web.Application()
    # handle_in_background=False: answer the POST after the handler, as the real bot does
    SimpleRequestHandler(dispatcher, bot, handle_in_background=False, secret_token=secret).register(
        app, path=PATH
    )
    runner = await serve(app, port)  # its cleanup closes the bot's session (registered on shutdown)
    try:
        await bot.get_me()
        await bot.set_webhook(url=public_url, secret_token=secret)
        await stop.wait()
    finally:
        await runner.cleanup()
        await bot.session.close()


RUNNERS: dict[str, Callable[..., Awaitable[None]]] = {"ptb": run_ptb, "aiogram": run_aiogram}


async def main(args: Any) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    public_url = args.public_url or f"http://127.0.0.1:{args.port}{PATH}"
    token, secret = os.environ["BOT_TOKEN"], os.environ["WEBHOOK_SECRET"]
    polling = args.mode == "polling"
    await RUNNERS[args.framework](token, secret, args.api_base, args.port, public_url, stop, polling)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", choices=sorted(RUNNERS), required=True)
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--mode", choices=["webhook", "polling"], default="webhook")
    parser.add_argument("--port", type=int, default=0, help="the webhook's port (webhook mode)")
    parser.add_argument("--public-url")
    asyncio.run(main(parser.parse_args()))
