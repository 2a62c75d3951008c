"""The WeCom adapter's pieces without a network: configuration, callback cryptography, reading
sync_msg messages, the words table."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from wechatpy.enterprise.crypto import WeChatCrypto

from bot.config import load_settings
from bot.engine.boundary import clean_event
from bot.engine.channels import WECOM, address, update_id
from bot.engine.events import Button, Command, Document, Sender, Text
from bot.validation import ConfigError
from bot.wecom.callback import BadCallback, CallbackCrypto, Signed
from bot.wecom.messages import incoming

CORP = "ww0123456789abcdef"
KEY = base64.b64encode(bytes(range(32))).decode().rstrip("=")
ENV = {"WECOM_SECRET": "s", "WECOM_TOKEN": "t", "WECOM_AES_KEY": KEY}


def config(tmp_path: Path) -> Path:
    path = tmp_path / "bot.toml"
    path.write_text(f'[wecom]\ncorp_id = "{CORP}"\nopen_kfid = "wkA"\n', encoding="utf-8")
    return path


def test_wecom_settings_take_their_secrets_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings(config(tmp_path), ENV)
    assert settings.wecom is not None and settings.wecom.aes_key.get_secret_value() == KEY
    assert settings.wecom.callback_path == "/wecom/callback"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({**ENV, "WECOM_SECRET": ""}, "WECOM_SECRET"),
        ({k: v for k, v in ENV.items() if k != "WECOM_TOKEN"}, "WECOM_TOKEN"),
        ({**ENV, "WECOM_AES_KEY": KEY[:-1]}, "WECOM_AES_KEY"),
        ({**ENV, "WECOM_AES_KEY": "!" * 43}, "WECOM_AES_KEY"),
    ],
)
def test_a_missing_or_malformed_secret_is_one_line_naming_it(
    tmp_path: Path, environ: dict[str, str], named: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(config(tmp_path), environ)
    [line] = refused.value.lines
    assert named in line and KEY not in line


def test_a_signed_callback_is_read_and_a_forged_one_refused() -> None:
    sealer = WeChatCrypto("t", KEY, CORP)
    xml = (
        f"<xml><ToUserName>{CORP}</ToUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>"
        "<Event>kf_msg_or_event</Event><Token>SYNC-TOKEN</Token><OpenKfId>wkA</OpenKfId></xml>"
    )
    sealed = sealer.encrypt_message(xml, "nonce1", "1700000000")
    signature = sealed.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
    crypto = CallbackCrypto("t", KEY, CORP)
    notice = crypto.notice(Signed(signature, "1700000000", "nonce1"), sealed.encode())
    assert notice is not None and notice.token == "SYNC-TOKEN" and notice.open_kfid == "wkA"
    with pytest.raises(BadCallback):
        crypto.notice(Signed("0" * 40, "1700000000", "nonce1"), sealed.encode())


def test_messages_become_events_with_the_channels_ids() -> None:
    base = {"msgid": "m1", "external_userid": "wmX", "origin": 3, "send_time": 1700000000}
    text = incoming({**base, "msgtype": "text", "text": {"content": "两江智能工厂"}})
    assert text is not None and isinstance(text.event, Text)
    assert text.event.sender.chat_id == address(WECOM, "wmX") and text.event.update_id == update_id(
        WECOM, "m1"
    )
    tap = incoming({**base, "msgtype": "text", "text": {"content": "是", "menu_id": "a:c:q:1:mac"}})
    assert tap is not None and isinstance(tap.event, Button) and tap.event.data == "a:c:q:1:mac"
    slash = incoming({**base, "msgtype": "text", "text": {"content": "/start cq2022"}})
    assert slash is not None and isinstance(slash.event, Command) and slash.event.args == "cq2022"
    file = incoming({**base, "msgtype": "file", "file": {"media_id": "MEDIA"}})
    assert file is not None and isinstance(file.event, Document) and file.event.file_id == "MEDIA"
    servicer = incoming({**base, "origin": 5, "msgtype": "text", "text": {"content": "hi"}})
    assert servicer is None


def test_entering_from_a_link_is_start_with_its_scene_param() -> None:
    event = {
        "event_type": "enter_session",
        "external_userid": "wmX",
        "scene_param": "join-ABC123",
        "welcome_code": "W1",
    }
    item = incoming({"msgid": "e1", "msgtype": "event", "origin": 4, "event": event})
    assert item is not None and item.welcome_code == "W1"
    assert isinstance(item.event, Command) and (item.event.name, item.event.args) == ("start", "join-ABC123")


@pytest.mark.parametrize(
    ("word", "command"), [("状态", "status"), (" 帮助 ", "help"), ("提交", "submit"), ("模板", "template")]
)
def test_words_are_commands_on_every_channel(word: str, command: str) -> None:
    for chat in (7001, address(WECOM, "wmX")):
        event = clean_event(Text(update_id=1, sender=Sender(user_id=chat, chat_id=chat), text=word))
        assert isinstance(event, Command) and event.name == command


def test_a_word_in_a_group_stays_text() -> None:
    sender = Sender(user_id=7001, chat_id=-100123, chat_type="supergroup")
    assert isinstance(clean_event(Text(update_id=1, sender=sender, text="状态")), Text)
