"""Application status as a state machine.

Every status change goes through :func:`move`: it looks the move up in ``TRANSITIONS`` (which roles
may make it, from which statuses, to which), refuses an invalid one with a reason, sets the status
and writes the audit row. No handler assigns a status itself, and no handler names the actor's role:
the gate that let the sender through sets it on the request (``handlers/roles.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class Status(StrEnum):
    DRAFT = "draft"  # answering the eligibility questions
    INELIGIBLE = "ineligible"  # an answer fails a condition of the notice
    ELIGIBLE = "eligible"  # every condition met: form, uploads, submit
    SUBMITTED = "submitted"  # waiting for staff
    RETURNED = "returned"  # sent back for fixes (editable again)
    ACCEPTED = "accepted"  # the package is complete; the experts verify next
    VERIFIED = "verified"  # the experts' verification is recorded


class Role(StrEnum):
    """Who acts: on an application, its first contact (applicant) or a colleague; city staff; a
    district department; a verification expert."""

    APPLICANT = "applicant"
    COLLEAGUE = "colleague"
    STAFF = "staff"
    DISTRICT = "district"
    EXPERT = "expert"


class Move(StrEnum):
    FAIL = "fail"  # an answer fails a condition
    CORRECT = "correct"  # a failing answer was corrected; questions go on
    PASS = "pass"  # the last condition is met
    REOPEN = "reopen"  # the applicant changes an answer after passing
    BACK = "back"  # the applicant goes back to an earlier question
    SUBMIT = "submit"
    ACCEPT = "accept"
    RETURN = "return"
    VERIFY = "verify"


@dataclass(frozen=True)
class Transition:
    roles: frozenset[Role]
    sources: frozenset[Status]
    target: Status


def _t(roles: tuple[Role, ...], sources: tuple[Status, ...], target: Status) -> Transition:
    return Transition(frozenset(roles), frozenset(sources), target)


S = Status
TEAM = (Role.APPLICANT, Role.COLLEAGUE)  # everyone on the application answers, fills in and submits
TRANSITIONS: dict[Move, Transition] = {
    Move.FAIL: _t(TEAM, (S.DRAFT, S.INELIGIBLE, S.ELIGIBLE), S.INELIGIBLE),
    Move.CORRECT: _t(TEAM, (S.INELIGIBLE,), S.DRAFT),
    Move.PASS: _t(TEAM, (S.DRAFT, S.INELIGIBLE), S.ELIGIBLE),
    Move.REOPEN: _t(TEAM, (S.ELIGIBLE,), S.DRAFT),
    Move.BACK: _t(TEAM, (S.DRAFT, S.INELIGIBLE), S.DRAFT),
    Move.SUBMIT: _t(TEAM, (S.ELIGIBLE, S.RETURNED), S.SUBMITTED),
    Move.ACCEPT: _t((Role.STAFF,), (S.SUBMITTED,), S.ACCEPTED),
    Move.RETURN: _t((Role.STAFF,), (S.SUBMITTED,), S.RETURNED),
    Move.VERIFY: _t((Role.STAFF, Role.EXPERT), (S.ACCEPTED, S.VERIFIED), S.VERIFIED),
}

# Groups of statuses the conversations ask about.
ANSWERING = frozenset({S.DRAFT, S.INELIGIBLE})  # the eligibility questions are open
EDITABLE = frozenset({S.ELIGIBLE, S.RETURNED})  # form and uploads may change; /submit works
REVIEWABLE = frozenset({S.ACCEPTED, S.VERIFIED})  # verification and case score
PAST_ELIGIBILITY = frozenset(Status) - ANSWERING - {S.ELIGIBLE}  # submitted and later imply eligible


class Refused(Exception):
    """A move that the table does not allow from the application's status, or for this role."""

    def __init__(self, move: Move, status: str, reason: str) -> None:
        super().__init__(f"{move} refused from {status}: {reason}")
        self.move, self.status, self.reason = move, status, reason


class AuditLog(Protocol):
    def record(self, actor: int, action: str, subject: str, at: datetime, **detail: Any) -> None: ...


class HasStatus(Protocol):
    id: int
    number: str | None
    status: str
    updated_at: datetime


def allowed(status: str, move: Move, role: str | None = None) -> bool:
    transition = TRANSITIONS[move]
    return status in transition.sources and (role is None or role in transition.roles)


def move(
    application: HasStatus,
    what: Move,
    role: str | None,
    actor: int,
    now: datetime,
    audit: AuditLog,
    **detail: Any,
) -> Status:
    """Apply ``what`` to ``application``: check the table (the move's roles, then its statuses), set
    the status, write the audit row. ``role`` None (no gate named one) is refused like a wrong one."""
    transition = TRANSITIONS[what]
    if role not in transition.roles:
        raise Refused(what, application.status, "role")
    if application.status not in transition.sources:
        raise Refused(what, application.status, "status")
    before = application.status
    application.status = transition.target
    application.updated_at = now
    subject = application.number or str(application.id)
    audit.record(actor, str(what), subject, now, before=before, after=str(transition.target), **detail)
    return transition.target
