"""The staff and district cards (issue 30.4): /app without a number gives its usage (not "no
application numbered ?"); a line ending in an optional part keeps its line break ("已提交，待审核"
and the district opinion ran together); the opinion notice to staff likewise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.campaign.schema import Campaign
from storage.repositories import Repositories
from tests.engine.test_district_flow import YUBEI_GROUP, YUBEI_MEMBER, district_stub, submitted
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    made = await district_stub(database_url, shipped_campaign, tmp_path)
    yield made
    await made.services.close()


@pytest.mark.parametrize(("user", "chat"), [(STAFF_USER, STAFF_CHAT), (YUBEI_MEMBER, YUBEI_GROUP)])
async def test_app_without_a_number_gives_its_usage(stub: Stub, user: int, chat: int) -> None:
    [reply] = await stub.command(user, "/app", chat_id=chat)
    assert "用法：/app 申报编号" in reply.plain and "?" not in reply.plain


async def test_the_card_keeps_the_status_and_the_opinion_on_their_own_lines(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [(_, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    [card] = await stub.command(STAFF_USER, f"/app {number}", chat_id=STAFF_CHAT)
    lines = card.plain.splitlines()
    assert any(line.startswith("状态：") and "区县推荐意见" not in line for line in lines), card.plain
    assert any(line.startswith("区县推荐意见") for line in lines), card.plain
    await stub.command(YUBEI_MEMBER, f"/recommend {number} 同意推荐", chat_id=YUBEI_GROUP)
    async with stub.services.database.unit_of_work() as session:
        [told] = await Repositories(session).outbox.by_key_prefix("opinion-staff:")
    assert told.payload["text"].splitlines()[0] == f"🏛 {number}", told.payload["text"]
