"""A ``kf/sync_msg`` page with a message the adapter cannot read: that message is logged and
skipped, the rest of the page is handled and the cursor moves on (as Telegram's unreadable
updates are skipped); one bad message never stalls every WeChat applicant behind it."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.config import WeComSettings
from bot.engine.channels import WECOM, update_id
from bot.wecom.adapter import WeComAdapter
from storage.models import ProcessedUpdate
from storage.repositories import Repositories
from tests.support.stub import Stub

KEY = base64.b64encode(bytes(range(32))).decode().rstrip("=")
GOOD = {
    "msgid": "good-1",
    "external_userid": "wmGood",
    "origin": 3,
    "send_time": 1659315600,
    "msgtype": "text",
    "text": {"content": "/start"},
}
MALFORMED: list[dict[str, Any]] = [
    {k: v for k, v in GOOD.items() if k != "msgid"},  # no msgid
    {**GOOD, "msgid": "bad-text", "text": "a string where an object belongs"},
    {**GOOD, "msgid": "bad-time", "send_time": 10**20},
    {**GOOD, "msgid": "bad-file", "msgtype": "file", "file": ["media"]},
    {"msgid": "bad-event", "msgtype": "event", "origin": 4, "event": "enter_session"},
    {
        "msgid": "bad-event-2",
        "msgtype": "event",
        "origin": 4,
        "event": {"event_type": "enter_session", "external_userid": {"x": 1}},
    },
    {**GOOD, "msgid": "bad-id", "external_userid": "w" * 200},  # longer than any WeCom id
    "not even an object",  # type: ignore[list-item]
]


def adapter_of(stub: Stub) -> WeComAdapter:
    settings = WeComSettings(
        corp_id="ww0123456789abcdef",
        open_kfid="wkA",
        api_base="http://127.0.0.1:9",
        secret=SecretStr("s"),
        token=SecretStr("t"),
        aes_key=SecretStr(KEY),
    )
    adapter = WeComAdapter(settings, stub.services.engine)
    sent: list[int] = []

    async def send_replies(update: int, chat: int, effects: list[Any], welcome: str = "") -> None:
        sent.append(update)

    adapter.send_replies = send_replies  # type: ignore[method-assign]
    return adapter


async def handled(stub: Stub) -> set[int]:
    async with stub.services.database.unit_of_work() as session:
        return set((await session.execute(select(ProcessedUpdate.update_id))).scalars())


@pytest.mark.parametrize("bad", MALFORMED, ids=lambda m: str(m)[:40])
async def test_a_malformed_message_is_skipped_and_the_page_goes_on(stub: Stub, bad: dict[str, Any]) -> None:
    adapter = adapter_of(stub)
    pages = [{"msg_list": [bad, GOOD], "has_more": 0, "next_cursor": "after-page-1"}]

    async def sync(cursor: str, token: str, limit: int = 1000) -> dict[str, Any]:
        return pages.pop(0)

    adapter.api.sync = sync  # type: ignore[method-assign]
    assert await adapter.sync() == 2
    assert update_id(WECOM, "good-1") in await handled(stub)
    async with stub.services.database.unit_of_work() as session:
        assert await Repositories(session).settings.get("wecom_cursor:wkA") == "after-page-1"


async def test_a_page_that_failed_midway_is_fetched_again_and_nothing_is_lost(stub: Stub) -> None:
    """The database gone for a moment while a message is handled: the cursor stays before the
    page, the next sync fetches it again, and the message is acted on (once)."""
    adapter = adapter_of(stub)
    other = {**GOOD, "msgid": "good-2", "external_userid": "wmOther"}
    page = {"msg_list": [GOOD, other], "has_more": 0, "next_cursor": "after-page-1"}

    async def sync(cursor: str, token: str, limit: int = 1000) -> dict[str, Any]:
        return page

    adapter.api.sync = sync  # type: ignore[method-assign]
    seen = adapter._seen
    failures = [ConnectionError("database went away")]

    async def flaky(item: Any) -> None:
        if item.external_userid == "wmGood" and failures:
            raise failures.pop()
        await seen(item)

    adapter._seen = flaky  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await adapter.sync()
    async with stub.services.database.unit_of_work() as session:
        assert await Repositories(session).settings.get("wecom_cursor:wkA") is None
    await adapter.sync()
    assert {update_id(WECOM, "good-1"), update_id(WECOM, "good-2")} <= await handled(stub)
    async with stub.services.database.unit_of_work() as session:
        assert await Repositories(session).settings.get("wecom_cursor:wkA") == "after-page-1"


async def test_a_message_too_big_for_the_budget_left_takes_none_of_it(stub: Stub) -> None:
    """An outbox message of three parts meets a budget of two: it waits for the person, and the
    two stay for a message that fits (before, they were spent on nothing)."""
    from bot.engine.channels import OutsideWindow, address
    from bot.engine.effects import Reply

    adapter = adapter_of(stub)
    person = address(WECOM, "wmBudget")
    sent: list[str] = []

    async def send(external: str, msgid: str, message: dict[str, Any]) -> dict[str, Any]:
        sent.append(msgid)
        return {"errcode": 0}

    adapter.api.send = send  # type: ignore[method-assign]
    now = stub.clock.now()
    async with stub.services.database.unit_of_work() as session:
        await Repositories(session).contacts.seen(person, "wecom", "wmBudget", now, opens_window=True)
    assert await adapter.window.take(person, 3) == 3  # three of five sent already
    long = Reply(chat_id=person, text="\n".join(["很长的一行通知内容" * 20] * 10), key="o1p0")
    with pytest.raises(OutsideWindow):
        await adapter.perform(long)
    await adapter.perform(Reply(chat_id=person, text="短通知", key="o2p0"))
    assert sent == ["o2p0x0"]


def test_a_callback_sealed_for_another_corp_or_signed_wrong_is_refused() -> None:
    from wechatpy.enterprise.crypto import WeChatCrypto

    from bot.wecom.callback import BadCallback, CallbackCrypto, Signed

    xml = (
        "<xml><ToUserName>wwOTHER</ToUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>"
        "<Event>kf_msg_or_event</Event><Token>T</Token><OpenKfId>wkA</OpenKfId></xml>"
    )
    sealed = WeChatCrypto("t", KEY, "wwAnotherCorp000001").encrypt_message(xml, "n1", "1700000000")
    signature = sealed.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
    crypto = CallbackCrypto("t", KEY, "ww0123456789abcdef")
    with pytest.raises(BadCallback):
        crypto.notice(Signed(signature, "1700000000", "n1"), sealed.encode())
    with pytest.raises(BadCallback):
        crypto.echo(Signed("0" * 40, "1700000000", "n1"), "c29tZXRoaW5n")
    with pytest.raises(BadCallback):
        crypto.notice(Signed(signature, "1700000000", "n1"), b"<xml><Encrypt>\x00not xml")
