"""Neighbouring texts to one chat become one message (bot/engine/coalesce.py)."""

from __future__ import annotations

from bot.engine.channels import TELEGRAM
from bot.engine.coalesce import coalesce
from bot.engine.effects import (
    AnswerCallback,
    Edit,
    ForceReply,
    InlineButton,
    InlineKeyboard,
    Reply,
    ReplyButton,
    ReplyKeyboard,
    SendFile,
)

TEXT_LIMIT, CAPTION_LIMIT = TELEGRAM.text_limit, TELEGRAM.caption_limit
BUTTONS = InlineKeyboard(rows=((InlineButton("继续", "c"),),))


def test_a_plain_text_joins_the_next_text_which_keeps_its_buttons() -> None:
    effects = [Reply(chat_id=1, text="✓ 名称：甲"), Reply(chat_id=1, text="推荐表 2/12", keyboard=BUTTONS)]
    assert coalesce(effects) == [Reply(chat_id=1, text="✓ 名称：甲\n\n推荐表 2/12", keyboard=BUTTONS)]


def test_three_in_a_row_become_one() -> None:
    effects = [Reply(chat_id=1, text="a"), Reply(chat_id=1, text="b"), Reply(chat_id=1, text="c")]
    assert coalesce(effects) == [Reply(chat_id=1, text="a\n\nb\n\nc")]


def test_what_cannot_be_joined_stays_apart() -> None:
    with_buttons = Reply(chat_id=1, text="a", keyboard=BUTTONS)
    other_chat = Reply(chat_id=2, text="b")
    cases = [
        [with_buttons, Reply(chat_id=1, text="b")],  # the first one's buttons belong to it
        [Reply(chat_id=1, text="a"), other_chat],
        [Reply(chat_id=1, text="x" * TEXT_LIMIT), Reply(chat_id=1, text="y")],  # too long together
        [AnswerCallback(callback_id="q"), Reply(chat_id=1, text="b")],
        [Edit(chat_id=1, message_id=5, text="a"), Reply(chat_id=1, text="b")],
    ]
    for effects in cases:
        assert coalesce(list(effects)) == effects


def test_a_file_takes_the_next_text_as_its_caption_with_inline_buttons_only() -> None:
    document = SendFile(chat_id=1, file_name="表.docx", data=b"PK", caption="请打印")
    [joined] = coalesce([document, Reply(chat_id=1, text="已确认", keyboard=BUTTONS)])
    assert isinstance(joined, SendFile)
    assert joined.caption == "请打印\n\n已确认" and joined.keyboard == BUTTONS and joined.data == b"PK"
    reply_keyboard = ReplyKeyboard(rows=((ReplyButton("a"),),))
    for keyboard in (reply_keyboard, ForceReply()):
        effects = [document, Reply(chat_id=1, text="b", keyboard=keyboard)]
        assert coalesce(list(effects)) == effects
    long_text = [document, Reply(chat_id=1, text="z" * CAPTION_LIMIT)]
    assert coalesce(list(long_text)) == long_text
