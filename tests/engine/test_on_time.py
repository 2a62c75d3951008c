"""An applicant who acted in time is on time (issue 27 point 4): a button carries no date, so a
confirmation counts at the time of the /submit that offered it, within the campaign's window
(30 minutes by default). Deadline: 企业申报截止时间为2022年8月10日 (notice §四（二）), the end of that
day in Beijing (UTC+8)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.campaign.schema import Campaign
from bot.engine.events import Command
from tests.engine.test_eligibility_flow import USER
from tests.engine.test_submit_flow import ready_package, status_of
from tests.support.stub import Stub

LAST_SECOND = datetime(2022, 8, 10, 15, 59, 59, tzinfo=UTC)  # 2022-08-10 23:59:59 Beijing


async def submit_sent_at(stub: Stub, sent_at: datetime) -> None:
    event = Command(update_id=stub.next_update_id(), sender=stub.sender(USER), name="submit", sent_at=sent_at)
    [package] = await stub.feed(event)
    assert "确认提交" in next(t for t, _ in package.buttons())


async def test_submit_in_the_last_second_confirmed_forty_seconds_later_is_submitted(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await ready_package(stub, shipped_campaign)
    stub.clock.set(LAST_SECOND + timedelta(seconds=6))  # the bot gets to it at 00:00:05
    await submit_sent_at(stub, LAST_SECOND)
    stub.clock.set(LAST_SECOND + timedelta(seconds=41))  # 确认提交 at 00:00:40
    [receipt] = await stub.press(USER, "确认提交")
    assert "申报已提交" in receipt.plain
    assert await status_of(stub) == "submitted"


async def test_a_confirmation_after_the_window_counts_when_pressed_and_is_late(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await ready_package(stub, shipped_campaign)
    stub.clock.set(LAST_SECOND + timedelta(seconds=1))
    await submit_sent_at(stub, LAST_SECOND)
    stub.clock.set(LAST_SECOND + timedelta(minutes=30, seconds=2))  # 30 minutes after, and a second
    replies = await stub.press(USER, "确认提交")
    assert "申报已截止" in replies[-1].plain and "李金玲" in replies[-1].plain
    assert await status_of(stub) == "eligible"


async def test_a_submit_sent_after_the_deadline_is_not_saved_by_a_quick_confirmation(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await ready_package(stub, shipped_campaign)
    stub.clock.set(LAST_SECOND + timedelta(seconds=2))
    event = Command(
        update_id=stub.next_update_id(),
        sender=stub.sender(USER),
        name="submit",
        sent_at=LAST_SECOND + timedelta(seconds=1),
    )
    [refused] = await stub.feed(event)
    assert "申报已截止" in refused.plain and refused.buttons() == []
    assert await status_of(stub) == "eligible"
