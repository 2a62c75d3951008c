"""Dates are shown in the call's local time (issue 30.4): an invitation accepted at 00:32 Beijing
time on 2022-08-02 (16:32 UTC the day before) says 2022-08-02 in /members, not the UTC day; and no
template formats a date any other way than with the ``local`` filter (bot/texts/dates.py)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.config import PROJECT_ROOT
from bot.texts.dates import local
from tests.engine.test_colleagues_flow import COLLEAGUE, invite
from tests.engine.test_eligibility_flow import USER, begin
from tests.support.stub import Stub

JUST_AFTER_MIDNIGHT_IN_BEIJING = datetime(2022, 8, 1, 16, 32, tzinfo=UTC)  # 2022-08-02 00:32 +08:00


async def test_members_shows_the_day_of_joining_in_beijing_time(stub: Stub) -> None:
    await begin(stub)
    stub.clock.set(JUST_AFTER_MIDNIGHT_IN_BEIJING)
    code = await invite(stub)
    await stub.command(COLLEAGUE, f"/start {code}")
    members = "\n".join(m.plain for m in await stub.command(USER, "/members"))
    assert "2022-08-02 加入" in members and "2022-08-01 加入" not in members, members


def test_the_helper_converts_to_the_zone_and_leaves_dates_alone() -> None:
    assert local(JUST_AFTER_MIDNIGHT_IN_BEIJING, "%Y-%m-%d %H:%M") == "2022-08-02 00:32"
    naive_utc = JUST_AFTER_MIDNIGHT_IN_BEIJING.replace(tzinfo=None)  # as a database may hand it back
    assert local(naive_utc, "%m-%d %H:%M") == "08-02 00:32"
    assert local(JUST_AFTER_MIDNIGHT_IN_BEIJING, "%H:%M", ZoneInfo("Europe/Berlin")) == "18:32"
    assert local(date(2022, 8, 1), "%Y-%m-%d") == "2022-08-01"


def test_templates_format_dates_only_with_the_local_filter() -> None:
    templates = PROJECT_ROOT / "templates" / "messages"
    offenders = [
        f"{path.relative_to(templates)}:{number}"
        for path in templates.rglob("*.j2")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.(strftime|isoformat)\(", line)
    ]
    assert offenders == []
