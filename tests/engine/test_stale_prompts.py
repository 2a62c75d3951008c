"""A reviewer's prompt does not wait for ever: a message typed days later, about something else,
is not taken as the answer to it (a return reason sent to the applicant)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.campaign.schema import Campaign
from bot.engine.buttons import ReturnPackage
from storage.models import Application
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.support.seed import seed_accepted
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub


async def test_a_staff_message_days_after_the_return_prompt_does_not_return_the_application(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await seed_accepted(stub.services.database, shipped_campaign, 1, BEFORE_DEADLINE)
    async with stub.services.database.unit_of_work() as session:
        row = (await session.execute(select(Application))).scalar_one()
        row.status = "submitted"
        application_id = row.id
    codec = stub.services.deps.codec
    [prompt] = await stub.press_data(
        STAFF_USER, codec.encode(ReturnPackage(application_id)), chat_id=STAFF_CHAT
    )
    assert "原因" in prompt.plain
    stub.clock.advance(timedelta(days=3))
    await stub.text_in(STAFF_USER, STAFF_CHAT, "各位，明天上午开评审会")
    async with stub.services.database.unit_of_work() as session:
        row = (await session.execute(select(Application))).scalar_one()
    assert row.status == "submitted" and row.return_reason != "各位，明天上午开评审会"
