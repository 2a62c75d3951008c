"""A district's opinion belongs to the district that gave it: when the enterprise changes its
district, the opinion is cleared (audited), both departments are told, the new district gets the
application in its queue, and neither /app nor the printed form shows the former district's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.campaign.schema import Campaign
from bot.usecases.district_notice import printed_recommendation
from bot.usecases.districts import opinion_context
from bot.usecases.people import Districts
from storage.models import Applicant, Application
from storage.repositories import Repositories
from tests.engine.test_district_flow import (
    JIANGBEI_MEMBER,
    YUBEI_GROUP,
    YUBEI_MEMBER,
    district_stub,
    stored,
    submitted,
)
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub

OPINION = "渝北区认为该企业基础扎实同意推荐"


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    stub = await district_stub(database_url, shipped_campaign, tmp_path)
    yield stub
    await stub.services.close()


async def recommended_then_returned(stub: Stub, campaign: Campaign) -> tuple[int, str]:
    [(applicant, number)] = await submitted(stub, campaign, ["yubei"])
    await stub.command(YUBEI_MEMBER, f"/recommend {number} {OPINION}", chat_id=YUBEI_GROUP)
    async with stub.services.database.unit_of_work() as session:  # returned: the form is editable again
        await session.execute(
            update(Application)
            .where(Application.number == number)
            .values(status="returned", submissions=1, flow={"form_step": "district"})
        )
        await session.execute(
            update(Applicant).where(Applicant.id == applicant).values(active_campaign=campaign.id)
        )
    return applicant, number


async def outbox(stub: Stub, prefix: str) -> list[tuple[int, str]]:
    async with stub.services.database.unit_of_work() as session:
        return [
            (m.chat_id, m.payload["text"]) for m in await Repositories(session).outbox.by_key_prefix(prefix)
        ]


async def test_changing_the_district_clears_and_tells_both(stub: Stub, shipped_campaign: Campaign) -> None:
    applicant, number = await recommended_then_returned(stub, shipped_campaign)
    await stub.command(JIANGBEI_MEMBER, "/start")  # has started the bot: told in private
    await stub.text(applicant, "江北区")
    application = await stored(stub, number)
    assert application.form["district"] == "jiangbei"
    assert application.district_opinion is None and application.district_opinion_text is None
    async with stub.services.database.unit_of_work() as session:
        trail = [(e.action, e.detail) for e in await Repositories(session).audit.of_subject(number)]
    [(_, moved)] = [t for t in trail if t[0] == "district_changed"]
    assert moved["before"] == "渝北区" and moved["after"] == "江北区" and moved["opinion_cleared"] is True
    [(old_chat, old_text)] = await outbox(stub, "moved-away:")
    assert old_chat == YUBEI_GROUP and number in old_text and "江北区" in old_text
    [(new_chat, new_text)] = await outbox(stub, "moved-here:")
    assert new_chat == JIANGBEI_MEMBER and number in new_text
    [queue] = await stub.command(JIANGBEI_MEMBER, "/queue")
    assert number in queue.plain and "待推荐" in queue.plain
    [card] = await stub.command(JIANGBEI_MEMBER, f"/app {number}")
    assert OPINION not in card.plain and "渝北区经济和信息化委员会" not in card.plain
    [staff_card] = await stub.command(STAFF_USER, f"/app {number}", chat_id=STAFF_CHAT)
    assert "区县推荐意见（江北区经济和信息化委员会）：待区县推荐" in staff_card.plain


async def test_another_districts_opinion_never_shows_or_counts(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    """Even when the district changed by a path that cleared nothing (a row changed elsewhere),
    /app, the printed form and the accept rule ignore an opinion another district gave."""
    [(_, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    await stub.command(YUBEI_MEMBER, f"/recommend {number} {OPINION}", chat_id=YUBEI_GROUP)
    async with stub.services.database.unit_of_work() as session:
        application = (
            await session.execute(select(Application).where(Application.number == number))
        ).scalar_one()
        application.form = {**application.form, "district": "jiangbei"}
    application = await stored(stub, number)
    context = opinion_context(stub.services.deps.part(Districts).all, shipped_campaign, application)
    assert context["kind"] is None and context["text"] is None and context["district"] == "江北区"
    [card] = await stub.command(JIANGBEI_MEMBER, f"/app {number}")
    assert OPINION not in card.plain
    [staff_card] = await stub.command(STAFF_USER, f"/app {number}", chat_id=STAFF_CHAT)
    assert (
        "区县推荐意见（江北区经济和信息化委员会）：待区县推荐" in staff_card.plain
    )  # the trail keeps 渝北区's
    deps = stub.services.deps
    assert (
        printed_recommendation(deps.renderer, deps.part(Districts).all, shipped_campaign, application) is None
    )
