"""The Bot API emulator over real HTTP: raw requests, python-telegram-bot 22 and aiogram 3."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.markup import ParseEntitiesError, render

PDF = b"%PDF-1.4 test document \x00\x01\x02"


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    http: aiohttp.ClientSession, emu: BotApiEmulator, method: str, *, token: str | None = None, **params: Any
) -> tuple[int, dict[str, Any]]:
    """POST ``params`` as JSON; returns (HTTP status, decoded body)."""
    url = f"{emu.base_url}/bot{token or emu.token}/{method}"
    async with http.post(url, json=params) as response:
        return response.status, await response.json()


def test_html_rendering_matches_telegram() -> None:
    text = '😀 <b>粗<i>斜</i></b> <a href="https://e.x/?a=1&amp;b=2">link</a> '
    text += '<pre><code class="language-py">x</code></pre>'
    plain, entities = render(text, "HTML")
    assert plain == "😀 粗斜 link x"
    assert entities == [  # offsets in UTF-16 code units: the emoji counts 2
        {"type": "bold", "offset": 3, "length": 2},
        {"type": "italic", "offset": 4, "length": 1},
        {"type": "text_link", "offset": 6, "length": 4, "url": "https://e.x/?a=1&b=2"},
        {"type": "pre", "offset": 11, "length": 1, "language": "py"},
    ]
    assert render("a &lt; b &amp; c", "HTML") == ("a < b & c", [])
    assert render(r"1\.5 \*x\*", "MarkdownV2")[0] == "1.5 *x*"
    for bad in ("a < b", "<br>", "<b>x", "<b>x</i>"):
        with pytest.raises(ParseEntitiesError):
            render(bad, "HTML")


# ----- raw HTTP --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_get_me_any_case_and_get(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    status, body = await call(http, emu, "GETME")
    assert status == 200 and body["result"]["username"] == "shenbao_test_bot"
    async with http.get(f"{emu.base_url}/bot{emu.token}/getMe") as response:
        assert (await response.json())["result"]["is_bot"] is True
    assert [c.method for c in emu.calls] == ["getMe", "getMe"]


@pytest.mark.asyncio
async def test_wrong_token_and_unknown_method(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    assert await call(http, emu, "getMe", token="1:WRONG") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert await call(http, emu, "sendTelepathy") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


@pytest.mark.asyncio
async def test_long_poll_returns_update_created_during_wait(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    user = emu.user(7)
    poll = asyncio.create_task(call(http, emu, "getUpdates", timeout=5))
    await emu.wait_for(lambda: bool(emu.calls_of("getUpdates")), timeout=2)
    update = emu.send_text(user, "/start@shenbao_test_bot abc")
    status, body = await asyncio.wait_for(poll, 2)
    assert status == 200 and body["result"] == [update]
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 23}]
    # nothing queued: the long poll waits its timeout and answers an empty list
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert (await call(http, emu, "getUpdates", offset=update["update_id"] + 1, timeout=1))[1]["result"] == []
    assert 0.9 <= loop.time() - started < 2


@pytest.mark.asyncio
async def test_abandoned_long_poll_does_not_take_updates(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    poll = asyncio.create_task(call(http, emu, "getUpdates", timeout=5))
    await emu.wait_for(lambda: bool(emu.calls_of("getUpdates")), timeout=2)
    poll.cancel()  # the bot stops polling: its connection closes
    await emu.wait_for(lambda: emu.calls[0].status == 499, timeout=2)
    emu.send_text(emu.user(1), "for the next bot instance")
    assert emu.undelivered_count() == 1


@pytest.mark.asyncio
async def test_second_poller_terminates_the_first(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    first = asyncio.create_task(call(http, emu, "getUpdates", timeout=5))
    await emu.wait_for(lambda: bool(emu.calls_of("getUpdates")), timeout=2)
    second = asyncio.create_task(call(http, emu, "getUpdates", timeout=0))
    status, body = await asyncio.wait_for(first, 2)
    assert status == 409 and "terminated by other getUpdates request" in body["description"]
    assert (await second)[1]["result"] == []


@pytest.mark.asyncio
async def test_offset_confirms_and_redeliver_repeats(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    user = emu.user(7)
    first, second, third = (emu.send_text(user, f"m{i}") for i in range(3))
    assert [u["update_id"] for u in (await call(http, emu, "getUpdates"))[1]["result"]] == [
        first["update_id"],
        second["update_id"],
        third["update_id"],
    ]
    result = (await call(http, emu, "getUpdates", offset=second["update_id"]))[1]["result"]
    assert result == [second, third]
    assert (await call(http, emu, "getUpdates", offset=third["update_id"] + 1))[1]["result"] == []
    assert emu.pending_updates() == 0
    emu.redeliver(second["update_id"])
    assert emu.pending_updates() == 1
    result = (await call(http, emu, "getUpdates", offset=third["update_id"] + 1, timeout=1))[1]["result"]
    assert result == [second]


async def _post_form(http: aiohttp.ClientSession, url: str, fields: dict[str, str], multipart: bool) -> int:
    if multipart:
        form = aiohttp.FormData(quote_fields=False)
        for key, value in fields.items():
            form.add_field(key, value)
        data: Any = form
    else:
        data = fields
    async with http.post(url, data=data) as response:
        return response.status


@pytest.mark.asyncio
@pytest.mark.parametrize("encoding", ["json", "urlencoded", "multipart"])
async def test_send_message_body_encodings(
    emu: BotApiEmulator, http: aiohttp.ClientSession, encoding: str
) -> None:
    user = emu.user(42)
    markup = {
        "inline_keyboard": [
            [{"text": "是 Yes", "callback_data": "yes"}, {"text": "Docs", "url": "https://x.y"}]
        ]
    }
    url = f"{emu.base_url}/bot{emu.token}/sendMessage"
    if encoding == "json":
        status, _ = await call(
            http,
            emu,
            "sendMessage",
            chat_id="42",
            text="<b>A</b> &lt;B&gt;",
            parse_mode="HTML",
            reply_markup=markup,
            unknown_extra=1,
        )
    else:
        fields = {
            "chat_id": "42",
            "text": "<b>A</b> &lt;B&gt;",
            "parse_mode": "HTML",
            "reply_markup": json.dumps(markup),
            "disable_notification": "true",
        }
        status = await _post_form(http, url, fields, multipart=encoding == "multipart")
    assert status == 200
    [sent] = emu.messages(user)
    assert (sent.text, sent.plain, sent.parse_mode) == ("<b>A</b> &lt;B&gt;", "A <B>", "HTML")
    assert sent.entities == [{"type": "bold", "offset": 0, "length": 1}]
    assert sent.buttons() == [[("是 Yes", "yes"), ("Docs", None)]]
    assert sent.button_texts() == ["是 Yes", "Docs"]


@pytest.mark.asyncio
async def test_send_message_errors(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    emu.user(1)
    assert (await call(http, emu, "sendMessage", chat_id=999, text="x"))[1]["description"] == (
        "Bad Request: chat not found"
    )
    assert (await call(http, emu, "sendMessage", chat_id=1, text=""))[1]["description"] == (
        "Bad Request: message text is empty"
    )
    status, body = await call(http, emu, "sendMessage", chat_id=1, text="a <b>c", parse_mode="HTML")
    assert status == 400 and "can't parse entities" in body["description"]
    markup = {"inline_keyboard": [[{"text": "t", "callback_data": "x" * 65}]]}
    assert (await call(http, emu, "sendMessage", chat_id=1, text="x", reply_markup=markup))[1][
        "description"
    ] == "Bad Request: BUTTON_DATA_INVALID"
    assert emu.messages(1) == [] and [c.status for c in emu.calls] == [400, 400, 400, 400]


@pytest.mark.asyncio
async def test_edit_message_text_and_markup(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    emu.user(5)
    keyboard = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    _, body = await call(http, emu, "sendMessage", chat_id=5, text="hello", reply_markup=keyboard)
    message_id = body["result"]["message_id"]
    status, body = await call(
        http, emu, "editMessageText", chat_id=5, message_id=message_id, text="hello", reply_markup=keyboard
    )
    assert status == 400 and body["description"].startswith("Bad Request: message is not modified: ")
    status, body = await call(http, emu, "editMessageText", chat_id=5, message_id=message_id, text="bye")
    assert status == 200 and body["result"]["text"] == "bye" and "edit_date" in body["result"]
    [sent] = emu.messages(5)
    assert (sent.plain, sent.edits, sent.reply_markup) == ("bye", 1, None)
    assert (
        await call(
            http, emu, "editMessageReplyMarkup", chat_id=5, message_id=message_id, reply_markup=keyboard
        )
    )[0] == 200
    assert sent.button_texts() == ["Go"] and sent.edits == 2
    assert (await call(http, emu, "deleteMessage", chat_id=5, message_id=message_id))[1]["result"] is True
    assert sent.deleted
    assert (await call(http, emu, "editMessageText", chat_id=5, message_id=message_id, text="x"))[0] == 400


@pytest.mark.asyncio
async def test_send_document_then_get_file_and_download(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    emu.user(9)
    form = aiohttp.FormData()
    form.add_field("chat_id", "9")
    form.add_field("caption", "申报书")
    form.add_field("document", PDF, filename="申报书.pdf", content_type="application/octet-stream")
    async with http.post(f"{emu.base_url}/bot{emu.token}/sendDocument", data=form) as response:
        document = (await response.json())["result"]["document"]
    assert document["file_name"] == "申报书.pdf" and document["mime_type"] == "application/pdf"
    [sent] = emu.messages(9)
    assert (sent.kind, sent.document_bytes, sent.file_name) == ("document", PDF, "申报书.pdf")
    assert sent.plain == sent.caption == "申报书"
    _, body = await call(http, emu, "getFile", file_id=document["file_id"])
    async with http.get(f"{emu.base_url}/file/bot{emu.token}/{body['result']['file_path']}") as response:
        assert response.status == 200 and await response.read() == PDF
    # resending by file_id reuses the stored file
    _, body = await call(http, emu, "sendDocument", chat_id=9, document=document["file_id"])
    assert body["result"]["document"]["file_id"] == document["file_id"]
    assert emu.messages(9)[1].document_bytes == PDF


@pytest.mark.asyncio
async def test_fail_next_block_and_flood(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    user = emu.user(3)
    emu.fail_next("sendmessage", 429, retry_after=7)
    assert await call(http, emu, "sendMessage", chat_id=3, text="x") == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        },
    )
    assert (await call(http, emu, "sendMessage", chat_id=3, text="x"))[0] == 200
    emu.block(user)
    assert await call(http, emu, "sendMessage", chat_id=3, text="x") == (
        403,
        {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    )
    emu.send_text(user, "/start")  # writing to the bot again unblocks it
    emu.flood_limits(per_chat_per_second=1)
    assert (await call(http, emu, "sendMessage", chat_id=3, text="x"))[0] == 200
    status, body = await call(http, emu, "sendMessage", chat_id=3, text="x")
    assert status == 429 and body["parameters"]["retry_after"] >= 1


@pytest.mark.asyncio
async def test_webhook_blocks_get_updates(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    emu.send_text(emu.user(1), "hi")
    assert (await call(http, emu, "setWebhook", url="https://example.org/hook", secret_token="s"))[0] == 200
    assert emu.webhook["url"] == "https://example.org/hook"
    assert (await call(http, emu, "getUpdates"))[0] == 409
    assert (await call(http, emu, "getWebhookInfo"))[1]["result"]["pending_update_count"] == 1
    assert (await call(http, emu, "deleteWebhook", drop_pending_updates=True))[0] == 200
    assert (await call(http, emu, "getUpdates"))[1]["result"] == []


@pytest.mark.asyncio
async def test_test_side_waits_and_callbacks(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    user = emu.user(11)
    with pytest.raises(TimeoutError, match="No new message in chat 11"):
        await emu.next_message(user, timeout=0.05)
    buttons = [{"text": "确认 OK", "callback_data": "ok"}, {"text": "OK later", "callback_data": "l"}]
    keyboard = {"inline_keyboard": [buttons]}
    await call(http, emu, "sendMessage", chat_id=11, text="pick", reply_markup=keyboard)
    message = await emu.next_message(user)
    with pytest.raises(AssertionError, match="several buttons match"):
        emu.press_button(user, message, "OK")
    update = emu.press_button(user, message, "确认")
    assert update["callback_query"]["data"] == "ok"
    assert update["callback_query"]["message"]["reply_markup"] == keyboard
    query_id = update["callback_query"]["id"]
    assert (await call(http, emu, "answerCallbackQuery", callback_query_id=query_id, text="done"))[0] == 200
    assert (emu.callback_answers[0].text, emu.callback_answers[0].show_alert) == ("done", False)
    assert (await call(http, emu, "getUpdates"))[1]["result"] == [update]
    await emu.wait_idle(user, quiet=0.05, timeout=2)
    assert (await call(http, emu, "sendChatAction", chat_id=11, action="typing"))[0] == 200
    assert emu.chat_actions[0].action == "typing"


# ----- python-telegram-bot 22 ------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore:Deprecated since version v22.2")  # PTB reads RetryAfter.retry_after
async def test_python_telegram_bot_compatibility(emu: BotApiEmulator) -> None:
    import telegram
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

    user = emu.user(1001, username="zhangsan")
    bot = telegram.Bot(emu.token, base_url=f"{emu.base_url}/bot", base_file_url=f"{emu.base_url}/file/bot")
    await bot.initialize()
    try:
        assert (await bot.get_me()).username == "shenbao_test_bot"
        inline = InlineKeyboardMarkup([[InlineKeyboardButton("开始 Start", callback_data="start")]])
        sent = await bot.send_message(user.id, "<b>欢迎</b>", parse_mode="HTML", reply_markup=inline)
        assert sent.text == "欢迎" and sent.reply_markup == inline
        reply = ReplyKeyboardMarkup([[KeyboardButton("分享手机号", request_contact=True)]])
        await bot.send_message(user.id, "phone?", reply_markup=reply)
        first, second = emu.messages(user)
        assert first.buttons() == [[("开始 Start", "start")]]
        assert second.reply_keyboard() == [[{"text": "分享手机号", "request_contact": True}]]

        emu.send_text(user, "/start")
        emu.press(user, first, "start")
        emu.send_document(user, "报表.xlsx", b"xlsx-bytes")
        emu.send_contact(user, "+8613800000000")
        emu.send_sticker(user)
        emu.send_photo(user)
        emu.send_location(user)
        updates = await bot.get_updates(timeout=1)
        assert len(updates) == 7
        assert updates[0].message.text == "/start" and updates[0].message.entities[0].type == "bot_command"
        assert updates[1].callback_query.data == "start"
        assert updates[1].callback_query.message.message_id == first.message_id
        document = updates[2].message.document
        assert document.file_name == "报表.xlsx"
        downloaded = await (await bot.get_file(document.file_id)).download_as_bytearray()
        assert downloaded == bytearray(b"xlsx-bytes")
        assert updates[3].message.contact.phone_number == "+8613800000000"
        assert updates[3].message.contact.user_id == user.id
        assert updates[4].message.sticker and updates[5].message.photo and updates[6].message.location
        assert await bot.answer_callback_query(updates[1].callback_query.id, text="ok") is True
        assert emu.callback_answers[0].text == "ok"

        doc_message = await bot.send_document(user.id, PDF, filename="申报书.pdf", caption="附件")
        assert doc_message.document.file_name == "申报书.pdf"
        assert emu.messages(user)[-1].document_bytes == PDF
        assert await (await bot.get_file(doc_message.document.file_id)).download_as_bytearray() == PDF

        await bot.set_my_commands([("start", "开始"), ("help", "帮助")])
        assert emu.get_commands() == [
            {"command": "start", "description": "开始"},
            {"command": "help", "description": "帮助"},
        ]
        assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]

        with pytest.raises(telegram.error.BadRequest, match="not modified"):
            await bot.edit_message_text(
                "<b>欢迎</b>",
                chat_id=user.id,
                message_id=first.message_id,
                parse_mode="HTML",
                reply_markup=inline,
            )
        emu.fail_next("sendMessage", 429, retry_after=2)
        with pytest.raises(telegram.error.RetryAfter):
            await bot.send_message(user.id, "x")
        emu.block(user)
        with pytest.raises(telegram.error.Forbidden):
            await bot.send_message(user.id, "x")
    finally:
        await bot.shutdown()


# ----- aiogram 3 -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_aiogram_compatibility(emu: BotApiEmulator) -> None:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
    from aiogram.types import (
        BotCommand,
        BufferedInputFile,
        InlineKeyboardButton,
        InlineKeyboardMarkup,
        KeyboardButton,
        ReplyKeyboardMarkup,
    )

    user = emu.user(2002, first_name="李四")
    group = emu.group(-1001234567890, title="staff")
    bot = Bot(emu.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
    try:
        assert (await bot.get_me()).username == "shenbao_test_bot"
        button = InlineKeyboardButton(text="确认", callback_data="c:1")
        inline = InlineKeyboardMarkup(inline_keyboard=[[button]])
        sent = await bot.send_message(user.id, "<i>请确认</i>", parse_mode="HTML", reply_markup=inline)
        assert sent.text == "请确认" and sent.reply_markup.model_dump() == inline.model_dump()
        reply = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="分享手机号", request_contact=True)]])
        await bot.send_message(user.id, "phone?", reply_markup=reply)
        await bot.send_message(group.id, "new application")
        first, second = emu.messages(user)
        assert first.buttons() == [[("确认", "c:1")]]
        assert second.reply_keyboard() == [[{"text": "分享手机号", "request_contact": True}]]
        assert emu.messages(group)[0].plain == "new application"

        emu.send_text(user, "hello")
        emu.press_button(user, first, "确认")
        emu.send_document(user, "a.pdf", PDF)
        emu.send_contact(user, "13800000000", contact_user_id=0, first_name="王五")
        emu.send_text(user, "/status", chat=group)
        emu.send_sticker(user)
        emu.send_photo(user)
        emu.send_location(user)
        updates = await bot.get_updates(timeout=1)
        assert len(updates) == 8
        assert updates[0].message.text == "hello"
        assert updates[1].callback_query.data == "c:1"
        assert updates[2].message.document.file_name == "a.pdf"
        assert updates[3].message.contact.phone_number == "13800000000"
        assert updates[3].message.contact.user_id is None
        assert updates[4].message.chat.type == "supergroup" and updates[4].message.chat.title == "staff"
        assert updates[5].message.sticker and updates[6].message.photo and updates[7].message.location
        file = await bot.get_file(updates[2].message.document.file_id)
        assert (await bot.download_file(file.file_path)).read() == PDF
        assert await bot.answer_callback_query(updates[1].callback_query.id, text="好", show_alert=True)
        assert emu.callback_answers[0].show_alert is True

        doc_message = await bot.send_document(user.id, BufferedInputFile(b"docx", filename="表.docx"))
        assert doc_message.document.file_name == "表.docx"
        assert emu.messages(user)[-1].document_bytes == b"docx"
        downloaded = await bot.download(doc_message.document.file_id)
        assert downloaded is not None and downloaded.read() == b"docx"

        await bot.set_my_commands([BotCommand(command="start", description="开始")], language_code="zh")
        assert emu.get_commands(language_code="zh") == [{"command": "start", "description": "开始"}]
        assert await bot.get_my_commands() == []

        with pytest.raises(TelegramBadRequest, match="not modified"):
            await bot.edit_message_text(
                "<i>请确认</i>",
                chat_id=user.id,
                message_id=first.message_id,
                parse_mode="HTML",
                reply_markup=inline,
            )
        edited = await bot.edit_message_text("已确认", chat_id=user.id, message_id=first.message_id)
        assert edited.text == "已确认" and first.edits == 1
        emu.fail_next("sendMessage", 429, retry_after=2)
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(user.id, "x")
        emu.block(user)
        with pytest.raises(TelegramForbiddenError):
            await bot.send_message(user.id, "x")
    finally:
        await bot.session.close()
