"""Reminders: when they are due, what they say, and that nobody gets one twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.campaign.schema import Campaign
from bot.config import ReminderSettings
from bot.rules.reminders import due_reminder, reminder_instant
from bot.usecases.reminders import enqueue_due_reminders
from storage.repositories import Repositories
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.support.stub import STAFF_USER, Stub, make_stub

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEADLINE = datetime(2022, 8, 10, 23, 59, 59, tzinfo=SHANGHAI)
DAYS = [7, 3, 1, 0]
NINE = time(9, 0)


def local(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2022, 8, day, hour, minute, tzinfo=SHANGHAI)


def test_reminder_moments_are_local_days_before_the_deadline() -> None:
    assert reminder_instant(DEADLINE, SHANGHAI, 7, NINE) == local(3)
    assert reminder_instant(DEADLINE, SHANGHAI, 0, NINE) == local(10)


@pytest.mark.parametrize(
    ("now", "started", "expected"),
    [
        (local(3, 8, 59), local(1), None),  # a minute early
        (local(3), local(1), 7),
        (local(5), local(1), 7),  # still the latest due one
        (local(7, 10), local(1), 3),
        (local(8, 12), local(8, 10), None),  # started after the 3-day one: no burst of old ones
        (local(9, 9), local(8, 10), 1),  # … but gets the next one
        (local(10, 23, 59), local(1), 0),
        (local(11), local(1), None),  # nothing after the deadline
    ],
)
def test_due_reminder(now: datetime, started: datetime, expected: int | None) -> None:
    assert due_reminder(DEADLINE, SHANGHAI, DAYS, NINE, now, started) == expected


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path) -> AsyncIterator[Stub]:  # type: ignore[no-untyped-def]
    stub = await make_stub(database_url, [shipped_campaign], local(1).astimezone(UTC), str(tmp_path / "f"))
    yield stub
    await stub.services.close()


async def tick(stub: Stub) -> list[tuple[str, int, str]]:
    async with stub.services.database.unit_of_work() as session:
        repos = Repositories(session)
        await enqueue_due_reminders(repos, stub.services.deps, ReminderSettings(), stub.clock.now())
        return [(r.key, r.chat_id, r.payload["text"]) for r in await repos.outbox.by_key_prefix("reminder:")]


async def test_reminder_names_what_is_missing_and_is_queued_once(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH[:3])
    assert await tick(stub) == []
    stub.clock.set(
        local(
            3,
            9,
            0,
        ).astimezone(UTC)
    )
    [(key, chat, text)] = await tick(stub)
    assert key.startswith("reminder:") and ":7:" in key and chat == USER
    assert "还有 7 天截止" in text and "还有 8 题未答" in text and "推荐表：未开始填写" in text
    stub.clock.advance(timedelta(hours=5))
    assert len(await tick(stub)) == 1  # the same reminder is never queued again
    stub.clock.set(local(9, 9, 1).astimezone(UTC))
    assert [k.split(":")[2] for k, _, _ in await tick(stub)] == ["7", "1"]
    assert not any("13594118636" in t for _, _, t in await tick(stub))  # not the last one yet
    stub.clock.set(local(10, 9, 1).astimezone(UTC))
    final = next(t for k, _, t in await tick(stub) if k.split(":")[2] == "0")
    # The last reminder names the notice's contacts (§四（二）), submissions included.
    assert "最后一次提醒" in final and "李金玲" in final and "13594118636" in final and "63895239" in final


async def test_no_reminder_after_eligible_applicant_is_ineligible(stub: Stub) -> None:
    await begin(stub)
    await stub.press(USER, "否")  # not registered in Chongqing: ineligible, nothing to remind
    stub.clock.set(local(3).astimezone(UTC))
    assert await tick(stub) == []


async def test_staff_extend_moves_the_deadline_and_tells_the_applicant(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    [reply] = await stub.command(STAFF_USER, "/extend cq2022-0001 2022-08-20", chat_id=-1001234)
    assert "2022-08-20 23:59" in reply.plain
    async with stub.services.database.unit_of_work() as session:
        [notice] = await Repositories(session).outbox.by_key_prefix("extend:")
        assert notice.chat_id == USER and "延长截止时间" in notice.payload["text"]
    stub.clock.set(local(12).astimezone(UTC))
    [status] = await stub.command(USER, "/status")
    assert "2022年08月20日 23:59" in status.plain and "已为您延长" in status.plain


async def test_extend_is_refused_to_non_staff_and_changes_nothing(stub: Stub) -> None:
    await begin(stub)
    [reply] = await stub.command(USER, "/extend CQ2022-0001 2022-08-20")
    assert "使用的命令，您在这里不能使用" in reply.plain
    assert await stub.command(USER, "/extend CQ2022-0001 2022-08-20", chat_id=-1001234) == []
    [usage] = await stub.command(STAFF_USER, "/extend CQ2022-0001", chat_id=-1001234)
    assert "用法" in usage.plain
    [bad] = await stub.command(STAFF_USER, "/extend CQ2022-0001 明天", chat_id=-1001234)
    assert "看不懂日期" in bad.plain


async def test_upload_after_the_deadline_is_refused(stub: Stub) -> None:
    from bot.engine.events import Document

    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    stub.clock.set(local(11).astimezone(UTC))
    replies = await stub.feed(
        Document(
            update_id=stub.next_update_id(),
            sender=stub.sender(USER),
            file_id="f",
            file_name="a.docx",
            file_size=10,
            data=b"PK",
        )
    )
    assert "已截止" in replies[0].plain
    [status] = await stub.command(USER, "/status")
    assert "已过截止时间" in status.plain
