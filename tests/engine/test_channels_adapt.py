"""Each channel's capabilities and the one place that adapts messages to them."""

from __future__ import annotations

from bot.engine.adapt import adapt, plain, split_text
from bot.engine.channels import TELEGRAM, WECOM, address, channel_of, update_id
from bot.engine.effects import (
    AnswerCallback,
    ChatAction,
    Edit,
    InlineButton,
    InlineKeyboard,
    RemoveKeyboard,
    Reply,
    ReplyButton,
    ReplyKeyboard,
    SendFile,
)

CHAT = 42


def _buttons(count: int) -> InlineKeyboard:
    return InlineKeyboard(rows=tuple((InlineButton(f"选项{i}", f"a:c:q:{i}"),) for i in range(count)))


def test_telegram_gets_every_effect_unchanged() -> None:
    effects = [
        AnswerCallback(callback_id="1", text="✓"),
        Edit(chat_id=CHAT, message_id=5, text="<b>问</b>", keyboard=_buttons(12)),
        Reply(chat_id=CHAT, text="x" * 4096, keyboard=ReplyKeyboard(rows=((ReplyButton("共享", True),),))),
        SendFile(chat_id=CHAT, file_name="a.docx", data=b"d", caption="<i>说明</i>"),
        ChatAction(chat_id=CHAT),
    ]
    assert adapt(list(effects), TELEGRAM, CHAT) == effects


def test_wecom_addresses_are_stable_and_apart_from_telegram_ids() -> None:
    first = address(WECOM, "wmAbCdEf")
    assert first == address(WECOM, "wmAbCdEf") != address(WECOM, "wmAbCdEg")
    assert channel_of(first) is WECOM
    assert channel_of(7_000_000_000) is TELEGRAM  # a Telegram user id
    assert channel_of(-1001234567890) is TELEGRAM  # a Telegram group
    assert update_id(WECOM, "msg-1") < 0 and update_id(WECOM, "msg-1") == update_id(WECOM, "msg-1")


def test_an_edit_becomes_a_new_message_and_html_plain_text() -> None:
    [reply] = adapt([Edit(chat_id=CHAT, message_id=5, text="<b>企业</b> &amp; 名称")], WECOM, CHAT)
    assert reply == Reply(chat_id=CHAT, text="企业 & 名称")


def test_a_link_keeps_its_address_in_plain_text() -> None:
    assert plain('见 <a href="https://example.org/n">通知</a>') == "见 通知 https://example.org/n"


def test_a_button_answer_with_words_becomes_a_line_and_a_silent_one_goes() -> None:
    effects = [
        AnswerCallback(callback_id="1"),
        AnswerCallback(callback_id="2", text="已过期"),
        ChatAction(chat_id=1),
    ]
    assert adapt(effects, WECOM, CHAT) == [Reply(chat_id=CHAT, text="已过期")]


def test_twelve_buttons_become_two_menus_of_at_most_ten() -> None:
    effects = adapt([Reply(chat_id=CHAT, text="请选择", keyboard=_buttons(12))], WECOM, CHAT)
    assert [len(e.keyboard.rows) for e in effects if isinstance(e, Reply) and e.keyboard] == [10, 2]
    assert isinstance(effects[0], Reply) and effects[0].text == "请选择"


def test_a_long_label_is_cut_to_128_bytes() -> None:
    keyboard = InlineKeyboard(rows=((InlineButton("长" * 100, "a:1"),),))
    [reply] = adapt([Reply(chat_id=CHAT, text="?", keyboard=keyboard)], WECOM, CHAT)
    assert isinstance(reply, Reply) and isinstance(reply.keyboard, InlineKeyboard)
    label = reply.keyboard.rows[0][0].text
    assert len(label.encode()) <= 128 and label.endswith("…")


def test_contact_sharing_keyboards_are_dropped_where_there_are_none() -> None:
    keyboard = ReplyKeyboard(rows=((ReplyButton("共享手机号", True),),))
    assert adapt([Reply(chat_id=CHAT, text="手机号？", keyboard=keyboard)], WECOM) == [
        Reply(chat_id=CHAT, text="手机号？")
    ]
    assert adapt([Reply(chat_id=CHAT, text="好", keyboard=RemoveKeyboard())], WECOM) == [
        Reply(chat_id=CHAT, text="好")
    ]


def test_a_file_carries_no_words_so_they_follow_it() -> None:
    effects = adapt(
        [SendFile(chat_id=CHAT, file_name="表.docx", data=b"d", caption="请签字", keyboard=_buttons(1))],
        WECOM,
    )
    assert effects == [
        SendFile(chat_id=CHAT, file_name="表.docx", data=b"d"),
        Reply(chat_id=CHAT, text="请签字", keyboard=_buttons(1)),
    ]


def test_texts_are_joined_within_2048_bytes_and_long_ones_paged() -> None:
    line = "企业" * 100  # 600 bytes
    effects = adapt([Reply(chat_id=CHAT, text=line) for _ in range(3)], WECOM)
    assert len(effects) == 1  # 3 × 600 bytes + separators fit in one message
    long = "\n".join([line] * 10)  # 6,000 bytes
    pages = adapt([Reply(chat_id=CHAT, text=long)], WECOM)
    assert len(pages) == 4
    assert all(isinstance(p, Reply) and len(p.text.encode()) <= 2048 for p in pages)
    assert "\n".join(p.text for p in pages if isinstance(p, Reply)) == long


def test_one_line_longer_than_the_limit_is_cut_without_breaking_a_character() -> None:
    text = "长" * 1000  # 3,000 bytes, no line end
    pages = split_text(text, WECOM)
    assert "".join(pages) == text
    assert all(len(p.encode()) <= 2048 for p in pages)


def test_a_menu_head_keeps_to_its_limit_the_rest_goes_before() -> None:
    text = "\n".join(["问" * 200] * 3)  # 1,802 bytes: fits a text, not a menu's head
    effects = adapt([Reply(chat_id=CHAT, text=text, keyboard=_buttons(2))], WECOM)
    assert len(effects) == 2
    last = effects[-1]
    assert isinstance(last, Reply) and last.keyboard is not None and len(last.text.encode()) <= 1024
