"""What staff read: the announcement preview as applicants will see it, /app in words."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.campaign.schema import Campaign
from bot.sandbox.markup import render
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.support.seed import seed_accepted
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub, make_stub


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    stub = await make_stub(database_url, [shipped_campaign], BEFORE_DEADLINE, str(tmp_path / "files"))
    yield stub
    await stub.services.close()


async def staff(stub: Stub, text: str) -> list:  # type: ignore[type-arg]
    return await stub.command(STAFF_USER, text, chat_id=STAFF_CHAT)


def as_telegram_shows(html: str) -> tuple[str, list[str]]:
    """The text a client shows for an HTML message, and its bold parts (as Telegram parses it)."""
    plain, entities = render(html, "html")
    units = plain.encode("utf-16-le")
    bold = [
        units[e["offset"] * 2 : (e["offset"] + e["length"]) * 2].decode("utf-16-le")
        for e in entities
        if e["type"] == "bold"
    ]
    return plain, bold


async def test_announce_preview_shows_the_result_message_as_applicants_see_it(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    made = await seed_accepted(stub.services.database, shipped_campaign, 2, BEFORE_DEADLINE)
    for _, number in made:
        await staff(stub, f"/verify {number} 0 4 4.20")
    [preview] = await staff(stub, "/announce")
    plain, bold = as_telegram_shows(preview.text)
    assert "<b>" not in plain and "</b>" not in plain and "&lt;" not in plain
    assert "恭喜！" in bold
    assert "CQ2022-0001" in plain  # a real application number in the sample, not a placeholder
