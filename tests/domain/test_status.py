"""The application's state machine: the table, the refusals, the audit row, and no status set elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.domain.status import EDITABLE, TRANSITIONS, Move, Refused, Role, Status, allowed, move

NOW = datetime(2022, 8, 1, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class App:
    status: str
    id: int = 7
    number: str | None = "CQ2022-0007"
    updated_at: datetime = NOW


@dataclass
class Log:
    rows: list[tuple[int, str, str, dict[str, Any]]] = field(default_factory=list)

    def record(self, actor: int, action: str, subject: str, at: datetime, **detail: Any) -> None:
        self.rows.append((actor, action, subject, detail))


# The journey as the notice has it: answer, submit, staff accept (or return), experts verify.
JOURNEY = [
    (Move.FAIL, Role.APPLICANT, Status.DRAFT, Status.INELIGIBLE),
    (Move.CORRECT, Role.APPLICANT, Status.INELIGIBLE, Status.DRAFT),
    (Move.PASS, Role.APPLICANT, Status.DRAFT, Status.ELIGIBLE),
    (Move.SUBMIT, Role.APPLICANT, Status.ELIGIBLE, Status.SUBMITTED),
    (Move.RETURN, Role.STAFF, Status.SUBMITTED, Status.RETURNED),
    (Move.SUBMIT, Role.APPLICANT, Status.RETURNED, Status.SUBMITTED),
    (Move.ACCEPT, Role.STAFF, Status.SUBMITTED, Status.ACCEPTED),
    (Move.VERIFY, Role.STAFF, Status.ACCEPTED, Status.VERIFIED),
    (Move.VERIFY, Role.STAFF, Status.VERIFIED, Status.VERIFIED),
    (Move.VERIFY, Role.EXPERT, Status.ACCEPTED, Status.VERIFIED),  # the experts verify (notice §三（三）)
    (Move.FAIL, Role.COLLEAGUE, Status.DRAFT, Status.INELIGIBLE),  # a colleague answers for the team
    (Move.SUBMIT, Role.COLLEAGUE, Status.ELIGIBLE, Status.SUBMITTED),
]


@pytest.mark.parametrize(("what", "role", "before", "after"), JOURNEY)
def test_each_move_of_the_journey_sets_the_status_and_writes_one_audit_row(
    what: Move, role: Role, before: Status, after: Status
) -> None:
    app, log = App(str(before)), Log()
    assert move(app, what, role, 42, NOW, log, reason="x") == after
    assert app.status == after
    assert log.rows == [(42, str(what), "CQ2022-0007", {"before": before, "after": after, "reason": "x"})]


@pytest.mark.parametrize(
    ("what", "role", "before"),
    [
        (Move.SUBMIT, Role.APPLICANT, Status.DRAFT),  # not yet eligible
        (Move.SUBMIT, Role.APPLICANT, Status.SUBMITTED),  # twice
        (Move.ACCEPT, Role.STAFF, Status.RETURNED),  # the applicant has not resubmitted
        (Move.VERIFY, Role.STAFF, Status.SUBMITTED),  # verification follows acceptance
        (Move.ACCEPT, Role.APPLICANT, Status.SUBMITTED),  # applicants never accept
        (Move.SUBMIT, Role.STAFF, Status.ELIGIBLE),  # staff never submit for an applicant
    ],
)
def test_a_move_not_in_the_table_is_refused_and_changes_nothing(
    what: Move, role: Role, before: Status
) -> None:
    app, log = App(str(before)), Log()
    with pytest.raises(Refused) as refused:
        move(app, what, role, 42, NOW, log)
    assert app.status == before and log.rows == []
    assert refused.value.reason in ("status", "role")


# Who may make each move, written out from the notice's process (not read from the table): the
# enterprise's people answer and submit, city staff accept or return, experts (or staff) verify.
MAY = {
    Move.FAIL: {Role.APPLICANT, Role.COLLEAGUE},
    Move.CORRECT: {Role.APPLICANT, Role.COLLEAGUE},
    Move.PASS: {Role.APPLICANT, Role.COLLEAGUE},
    Move.REOPEN: {Role.APPLICANT, Role.COLLEAGUE},
    Move.BACK: {Role.APPLICANT, Role.COLLEAGUE},
    Move.SUBMIT: {Role.APPLICANT, Role.COLLEAGUE},
    Move.ACCEPT: {Role.STAFF},
    Move.RETURN: {Role.STAFF},
    Move.VERIFY: {Role.STAFF, Role.EXPERT},
}


def test_every_role_of_the_gates_is_known() -> None:
    assert {str(role) for role in Role} == {"applicant", "colleague", "staff", "district", "expert"}


@pytest.mark.parametrize(
    ("what", "role"), [(what, role) for what in Move for role in Role if role not in MAY[what]]
)
def test_a_move_by_a_role_not_in_its_row_is_refused_from_every_status(what: Move, role: Role) -> None:
    for before in TRANSITIONS[what].sources:
        app, log = App(str(before)), Log()
        with pytest.raises(Refused) as refused:
            move(app, what, role, 42, NOW, log)
        assert refused.value.reason == "role"
        assert app.status == before and log.rows == []
        assert not allowed(str(before), what, role)


def test_a_move_with_no_role_set_by_a_gate_is_refused() -> None:
    app, log = App(str(Status.SUBMITTED)), Log()
    with pytest.raises(Refused):
        move(app, Move.ACCEPT, None, 42, NOW, log)
    assert app.status == Status.SUBMITTED and log.rows == []


def test_editable_statuses_are_exactly_those_from_which_an_applicant_submits() -> None:
    assert TRANSITIONS[Move.SUBMIT].sources == EDITABLE
    assert allowed("returned", Move.SUBMIT, Role.APPLICANT)
    assert not allowed("returned", Move.SUBMIT, Role.STAFF)


def test_every_status_is_reachable_from_draft() -> None:
    reached, frontier = {Status.DRAFT}, [Status.DRAFT]
    while frontier:
        current = frontier.pop()
        for transition in TRANSITIONS.values():
            if current in transition.sources and transition.target not in reached:
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(Status)


def test_no_module_but_the_state_machine_assigns_a_status() -> None:
    assignment = re.compile(r"\bstatus\s*=\s*(?!=)")
    offenders = []
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.match("bot/domain/status.py") or "sandbox" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\.status\s*=[^=]", line) and assignment.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
