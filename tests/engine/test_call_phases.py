"""The call's phases (issue 27 points 1 and 6): the state machine, the route tables' declarations,
the router's refusals, and what staff see of the phase."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.campaign.schema import Campaign
from bot.domain.phase import Blocker, Phase, PhaseMove, PhaseRefused, move
from handlers.phase_table import phase_table_markdown
from handlers.roles import ROLES
from handlers.types import RoleEntry
from storage.repositories import Repositories
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.support.seed import seed_accepted
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub

# 企业申报截止时间为2022年8月10日 (notice §四（二）): the end of that day in Beijing.
AFTER_DEADLINE = datetime(2022, 8, 10, 16, 0, 1, tzinfo=UTC)  # 2022-08-11 00:00:01 Beijing
NEWCOMER = 7001


class Log:
    def __init__(self) -> None:
        self.rows: list[tuple[str, dict[str, object]]] = []

    def record(self, actor: int, action: str, subject: str, at: datetime, **detail: object) -> None:
        self.rows.append((action, detail))


def test_a_move_is_refused_from_a_phase_the_table_does_not_start_it_from_or_while_blocked() -> None:
    log, now = Log(), BEFORE_DEADLINE
    with pytest.raises(PhaseRefused):
        move("c", Phase.OPEN, PhaseMove.FINALISE, [], 1, now, log, "staff")
    with pytest.raises(PhaseRefused):
        move("c", Phase.REVIEW, PhaseMove.ANNOUNCE, [Blocker("not_verified", 3)], 1, now, log, "staff")
    assert log.rows == []
    assert move("c", Phase.REVIEW, PhaseMove.ANNOUNCE, [], 1, now, log, "staff") is Phase.ANNOUNCED
    assert log.rows == [("phase:announce", {"before": "review", "after": "announced", "reason": "staff"})]


@pytest.mark.parametrize("entry", ROLES, ids=lambda entry: entry.name)
def test_every_command_and_button_declares_its_phases(entry: RoleEntry) -> None:
    routed = set(entry.commands) | set(entry.buttons) | ({"help"} if entry.help else set())
    assert set(entry.phases) == routed


def test_docs_table_is_the_code_table() -> None:
    page = (Path(__file__).parents[2] / "docs" / "phases.md").read_text(encoding="utf-8")
    printed = re.search(r"<!-- phase-table -->\n(.*)<!-- /phase-table -->", page, re.S)
    assert printed is not None and printed.group(1) == phase_table_markdown()


async def test_after_the_deadline_a_newcomer_cannot_start_and_is_given_the_contacts(stub: Stub) -> None:
    stub.clock.set(AFTER_DEADLINE)
    [reply] = await stub.command(NEWCOMER, "/start")
    assert "申报已截止" in reply.plain and "吴鹏飞" in reply.plain and "63895239" in reply.plain
    assert "距截止还有" not in reply.plain and reply.buttons() == []
    async with stub.services.database.unit_of_work() as session:
        assert await Repositories(session).applications.of_applicant(NEWCOMER) == []


async def test_a_started_application_cannot_go_on_after_close(stub: Stub) -> None:
    await stub.command(NEWCOMER, "/start")
    await stub.press(NEWCOMER, "同意")
    stub.clock.set(AFTER_DEADLINE)
    for step in (
        stub.press(NEWCOMER, "是"),
        stub.text(NEWCOMER, "重庆某某公司"),
        stub.command(NEWCOMER, "/submit"),
    ):
        replies = await step
        assert replies and "申报已截止" in replies[-1].plain and "李金玲" in replies[-1].plain
    [status] = await stub.command(NEWCOMER, "/status")  # reading one's own application still works
    assert "申报已截止" not in status.plain


async def test_staff_close_early_audited_and_newcomers_refused_before_the_deadline(stub: Stub) -> None:
    [shown] = await stub.command(STAFF_USER, "/phase", chat_id=STAFF_CHAT)
    assert "阶段：申报中" in shown.plain and "距截止还有 9 天" in shown.plain
    close = next(d for t, d in shown.buttons() if "提前截止" in t)
    [closed] = await stub.press_data(STAFF_USER, close, chat_id=STAFF_CHAT)
    assert "阶段：已截止" in closed.plain and "工作人员操作" in closed.plain
    async with stub.services.database.unit_of_work() as session:
        [row] = await Repositories(session).audit.of_subject("cq-benchmark-2022")
    assert (row.actor, row.action, row.detail["before"], row.detail["after"]) == (
        STAFF_USER,
        "phase:close",
        "open",
        "closed",
    )
    [reply] = await stub.command(NEWCOMER, "/start")
    assert "申报已截止" in reply.plain


async def test_the_deadline_closes_the_call_once_audited_and_stats_show_what_blocks_results(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    made = await seed_accepted(stub.services.database, shipped_campaign, 3, BEFORE_DEADLINE)
    await stub.command(STAFF_USER, f"/verify {made[0][1]} 0 4 4.2", chat_id=STAFF_CHAT)
    stats = (await stub.command(STAFF_USER, "/stats", chat_id=STAFF_CHAT))[0].plain
    assert "阶段：申报中" in stats and "距截止还有 9 天" in stats
    assert "2 份已受理的申报包未核查" in stats and "1 份没有案例评价得分" in stats
    stub.clock.set(AFTER_DEADLINE)
    for _ in range(2):
        stats = (await stub.command(STAFF_USER, "/stats", chat_id=STAFF_CHAT))[0].plain
    assert "阶段：已截止" in stats and "截止时间已过" in stats and "距截止" not in stats
    async with stub.services.database.unit_of_work() as session:
        rows = await Repositories(session).audit.of_subject("cq-benchmark-2022")
    assert [(r.actor, r.action, r.detail["reason"]) for r in rows] == [(0, "phase:close", "deadline")]


async def test_staff_steps_out_of_their_phase_get_one_line(stub: Stub) -> None:
    [reply] = await stub.command(STAFF_USER, "/objection CQ2022-0001 有异议", chat_id=STAFF_CHAT)
    assert "当前阶段为「申报中」" in reply.plain and "公示中" in reply.plain


async def test_an_extended_application_stays_open_for_its_people_after_close(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await stub.command(NEWCOMER, "/start")
    await stub.press(NEWCOMER, "同意")
    async with stub.services.database.unit_of_work() as session:
        [application] = await Repositories(session).applications.of_applicant(NEWCOMER)
        number = application.number
    await stub.command(STAFF_USER, f"/extend {number} 2022-08-20", chat_id=STAFF_CHAT)
    stub.clock.set(AFTER_DEADLINE + timedelta(days=2))
    replies = await stub.press(NEWCOMER, "是")
    assert "申报已截止" not in replies[-1].plain
