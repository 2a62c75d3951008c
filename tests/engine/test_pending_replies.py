"""An awaited reply lives in one place (``bot/usecases/pending.py``): asked once by the text dispatch,
one per person and chat, and acted on only if the sender may still do what was asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.campaign.schema import Campaign
from bot.engine.buttons import VerifyFigures
from storage.models import Setting
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.engine.test_expert_flow import EXPERT, OTHER_EXPERT, accepted, stored
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub, make_stub


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    files = str(tmp_path / "files")
    made = await make_stub(
        database_url, [shipped_campaign], BEFORE_DEADLINE, files, experts=[EXPERT, OTHER_EXPERT]
    )
    yield made
    await made.services.close()


async def pending_rows(stub: Stub) -> list[str]:
    async with stub.services.database.unit_of_work() as session:
        return list(await session.scalars(select(Setting.key).where(Setting.key.like("pending:%"))))


async def test_an_expert_unassigned_after_the_prompt_cannot_record_the_value(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [number] = await accepted(stub, shipped_campaign)
    await stub.command(STAFF_USER, f"/assign {number} {EXPERT}", chat_id=STAFF_CHAT)
    await stub.command(EXPERT, f"/verify {number}")
    inconsistent = stub.chats[EXPERT][-1].buttons()[1][1]
    [prompt] = await stub.press_data(EXPERT, inconsistent, chat_id=EXPERT)
    assert "核查值" in prompt.plain and await pending_rows(stub) == [f"pending:{EXPERT}:{EXPERT}"]
    before = (await stored(stub, number)).verification

    await stub.command(STAFF_USER, f"/assign {number} {OTHER_EXPERT}", chat_id=STAFF_CHAT)
    [refused] = await stub.text_in(EXPERT, EXPERT, "某某车间")
    assert "没有分配给您" in refused.plain
    after = await stored(stub, number)
    assert after.verification == before and after.status == "accepted"
    assert await pending_rows(stub) == []


async def test_a_prompt_waits_in_its_own_chat_only(stub: Stub, shipped_campaign: Campaign) -> None:
    [number] = await accepted(stub, shipped_campaign)
    await stub.command(STAFF_USER, f"/verify {number}", chat_id=STAFF_CHAT)
    inconsistent = stub.chats[STAFF_CHAT][-1].buttons()[1][1]
    await stub.press_data(STAFF_USER, inconsistent, chat_id=STAFF_CHAT)
    await stub.text(STAFF_USER, "某某车间")  # in private: not the reply to the group's prompt
    application = await stored(stub, number)
    assert application.verification is not None
    assert application.verification["items"][0]["consistent"] is None
    assert await pending_rows(stub) == [f"pending:{STAFF_USER}:{STAFF_CHAT}"]
    [next_item] = await stub.text_in(STAFF_USER, STAFF_CHAT, "某某车间")
    assert "现场核查 2/" in next_item.plain
    assert await pending_rows(stub) == []


async def test_a_new_prompt_replaces_the_one_before(stub: Stub, shipped_campaign: Campaign) -> None:
    """Two prompts in one chat: the reply answers the last (one record per person and chat)."""
    [number] = await accepted(stub, shipped_campaign)
    application = await stored(stub, number)
    figures = stub.services.deps.codec.encode(VerifyFigures(application=application.id))
    [asked] = await stub.press_data(STAFF_USER, figures, chat_id=STAFF_CHAT)
    assert "不一致数量" in asked.plain
    await stub.command(STAFF_USER, f"/verify {number}", chat_id=STAFF_CHAT)
    inconsistent = stub.chats[STAFF_CHAT][-1].buttons()[1][1]
    await stub.press_data(STAFF_USER, inconsistent, chat_id=STAFF_CHAT)
    assert await pending_rows(stub) == [f"pending:{STAFF_USER}:{STAFF_CHAT}"]
    [next_item] = await stub.text_in(STAFF_USER, STAFF_CHAT, "某某车间")
    assert "现场核查 2/" in next_item.plain  # read as the item's value, not as verification figures
    assert (await stored(stub, number)).status == "accepted"
