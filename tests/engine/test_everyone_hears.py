"""Everyone on an application hears what concerns it: each notice kind reaches the first contact and
every colleague, once each (``bot/usecases/everyone.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.campaign.schema import Campaign
from bot.engine.buttons import Accept
from storage.repositories import Repositories
from tests.engine.test_district_flow import YUBEI_GROUP, YUBEI_MEMBER, district_stub, stored, submitted
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub

COLLEAGUE = 777_001


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    made = await district_stub(database_url, shipped_campaign, tmp_path)
    yield made
    await made.services.close()


async def with_colleague(stub: Stub, campaign: Campaign) -> tuple[int, str]:
    """A submitted application of 渝北区 with one colleague besides its first contact."""
    [(first, number)] = await submitted(stub, campaign, ["yubei"])
    await stub.text(COLLEAGUE, "你好")  # the colleague has talked to the bot
    application = await stored(stub, number)
    async with stub.services.database.unit_of_work() as session:
        await Repositories(session).members.add(application, COLLEAGUE, "李四", first, stub.clock.now())
    return first, number


async def extend(stub: Stub, number: str) -> None:
    await stub.command(STAFF_USER, f"/extend {number} 2022-12-31", chat_id=STAFF_CHAT)


async def opinion(stub: Stub, number: str) -> None:
    await stub.command(YUBEI_MEMBER, f"/recommend {number} 同意推荐", chat_id=YUBEI_GROUP)


async def give_back(stub: Stub, number: str) -> None:
    await stub.command(STAFF_USER, f"/return {number} 请补充盖章页", chat_id=STAFF_CHAT)


async def accept(stub: Stub, number: str) -> None:
    application = await stored(stub, number)
    data = stub.services.deps.codec.encode(Accept(application=application.id))
    await stub.press_data(STAFF_USER, data, message_id=1, chat_id=STAFF_CHAT)


NOTICES: dict[str, tuple[Callable[[Stub, str], Awaitable[None]], str]] = {
    "deadline extension": (extend, "extend:"),
    "district opinion": (opinion, "opinion:"),
    "return": (give_back, "returned:"),
    "acceptance": (accept, "accepted:"),
}


@pytest.mark.parametrize("kind", NOTICES)
async def test_each_notice_reaches_the_first_contact_and_every_colleague(
    stub: Stub, shipped_campaign: Campaign, kind: str
) -> None:
    first, number = await with_colleague(stub, shipped_campaign)
    act, prefix = NOTICES[kind]
    await act(stub, number)
    async with stub.services.database.unit_of_work() as session:
        rows = await Repositories(session).outbox.by_key_prefix(prefix)
    assert sorted(row.chat_id for row in rows) == sorted([first, COLLEAGUE]), [r.key for r in rows]
