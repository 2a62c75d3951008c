"""The phases of a call (a campaign) as a state machine, beside the application's status.

open → closed (the deadline passed, or staff closed it early) → under review → results announced
→ 公示 (the published list, objections) → final (the period passed, every objection resolved).
Results may also be announced from open or closed (a guard decides: complete reviews, and a second
confirmation naming the deadline when it has not passed). Two moves happen by themselves when their
guard holds (``AUTOMATIC``): closing at the deadline and becoming final after the period; the others
are staff moves. Every move is audited by :func:`move` with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.domain.status import AuditLog


class Phase(StrEnum):
    OPEN = "open"  # applications are made, changed and submitted
    CLOSED = "closed"  # no new applications; staff may reopen one with /extend
    REVIEW = "review"  # accept, verify, score
    ANNOUNCED = "announced"  # the results went out
    PUBLICITY = "publicity"  # the list is published (公示), objections are taken
    FINAL = "final"  # the period passed and every objection is resolved


class PhaseMove(StrEnum):
    CLOSE = "close"
    REVIEW = "review"
    ANNOUNCE = "announce"
    PUBLISH = "publish"
    FINALISE = "finalise"


@dataclass(frozen=True)
class PhaseTransition:
    sources: frozenset[Phase]
    target: Phase


P = Phase
TRANSITIONS: dict[PhaseMove, PhaseTransition] = {
    PhaseMove.CLOSE: PhaseTransition(frozenset({P.OPEN}), P.CLOSED),
    PhaseMove.REVIEW: PhaseTransition(frozenset({P.CLOSED}), P.REVIEW),
    PhaseMove.ANNOUNCE: PhaseTransition(frozenset({P.OPEN, P.CLOSED, P.REVIEW}), P.ANNOUNCED),
    PhaseMove.PUBLISH: PhaseTransition(frozenset({P.ANNOUNCED}), P.PUBLICITY),
    PhaseMove.FINALISE: PhaseTransition(frozenset({P.PUBLICITY}), P.FINAL),
}
AUTOMATIC = frozenset({PhaseMove.CLOSE, PhaseMove.FINALISE})  # moves made when their guard holds

ALL = frozenset(Phase)
BEFORE_RESULTS = frozenset({P.OPEN, P.CLOSED, P.REVIEW})  # verdicts, scores, extensions
APPLYING = frozenset({P.OPEN})  # applicants make and change applications
RESULTS_OUT = frozenset({P.ANNOUNCED, P.PUBLICITY, P.FINAL})
LISTED = frozenset({P.PUBLICITY, P.FINAL})  # the 公示 list exists


def next_move(phase: Phase) -> PhaseMove | None:
    """The move that leads on from ``phase`` along the usual path (None when final)."""
    order = list(Phase)
    if phase is Phase.FINAL:
        return None
    following = order[order.index(phase) + 1]
    return next(m for m, t in TRANSITIONS.items() if t.target is following)


@dataclass(frozen=True)
class Blocker:
    """One thing that keeps the call from its next phase (``code`` names a template line)."""

    code: str
    count: int = 0
    detail: tuple[str, ...] = ()


class PhaseRefused(Exception):
    def __init__(self, what: PhaseMove, phase: Phase, blockers: list[Blocker]) -> None:
        super().__init__(f"{what} refused from {phase}: {[b.code for b in blockers] or 'phase'}")
        self.move, self.phase, self.blockers = what, phase, blockers


def move(
    campaign_id: str,
    phase: Phase,
    what: PhaseMove,
    blockers: list[Blocker],
    actor: int,
    now: datetime,
    audit: AuditLog,
    reason: str,
    **detail: Any,
) -> Phase:
    """The phase after ``what``: refused from a phase the table does not start it from, or while
    any guard ``blockers`` remain; otherwise audited with ``reason`` (``deadline``, ``staff`` …)."""
    transition = TRANSITIONS[what]
    if phase not in transition.sources or blockers:
        raise PhaseRefused(what, phase, blockers)
    audit.record(
        actor,
        f"phase:{what}",
        campaign_id,
        now,
        before=str(phase),
        after=str(transition.target),
        reason=reason,
        **detail,
    )
    return transition.target
