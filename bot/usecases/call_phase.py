"""Where a call stands (``bot/domain/phase.py``), kept in ``setting`` per campaign, and what
blocks its next phase.

The stored phase is the last move made; the moves that happen by themselves (the deadline passes,
the 公示 period passes with every objection resolved) are applied when the phase is next read, and
audited then with the time their guard came to hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.campaign.schema import Campaign
from bot.domain import phase as machine
from bot.domain.deadline import countdown, on_time
from bot.domain.phase import Blocker, Phase, PhaseMove
from bot.domain.status import Status
from bot.rules.workdays import CalendarUnknown
from bot.usecases.publicity_period import period_of
from bot.usecases.ranking import EXCLUDED, ranking_of
from bot.usecases.results import ANNOUNCED
from storage.models import Application
from storage.repositories import Repositories

PHASE_KEY = "phase:{campaign}"
SYSTEM = 0  # the actor of the moves made by the clock


@dataclass(frozen=True)
class CallPhase:
    phase: Phase
    since: datetime | None = None
    reason: str = ""
    published_at: datetime | None = None  # when the 公示 list went out

    def dump(self) -> str:
        return json.dumps(
            {
                "phase": str(self.phase),
                "since": self.since.isoformat() if self.since else None,
                "reason": self.reason,
                "published_at": self.published_at.isoformat() if self.published_at else None,
            }
        )


def _load(value: str) -> CallPhase:
    data = json.loads(value)
    return CallPhase(
        Phase(data["phase"]),
        _when(data.get("since")),
        data.get("reason", ""),
        _when(data.get("published_at")),
    )


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def stored_phase(repos: Repositories, campaign: Campaign) -> CallPhase:
    value = await repos.settings.get(PHASE_KEY.format(campaign=campaign.id))
    if value:
        return _load(value)
    announced = await repos.settings.get(ANNOUNCED.format(campaign=campaign.id))  # before phases
    if announced:
        return CallPhase(Phase.ANNOUNCED, datetime.fromisoformat(announced), "staff")
    return CallPhase(Phase.OPEN)


async def current_phase(repos: Repositories, campaign: Campaign, now: datetime) -> CallPhase:
    """The phase at ``now``, after the moves the clock makes (stored and audited once)."""
    state = await stored_phase(repos, campaign)
    if state.phase is Phase.OPEN and not on_time(now, campaign.deadline, campaign.deadline_grace_seconds):
        return await _save(repos, campaign, state, PhaseMove.CLOSE, SYSTEM, now, "deadline")
    if state.phase is Phase.PUBLICITY and not await finalise_blockers(repos, campaign, state, now):
        return await _save(repos, campaign, state, PhaseMove.FINALISE, SYSTEM, now, "period_passed")
    return state


async def phase_at(repos: Repositories, campaign: Campaign, at: datetime) -> Phase:
    """The phase for an action taken at ``at`` (an applicant's message stamp): open if the
    deadline had not passed then and staff have not moved the call on; nothing is stored."""
    state = await stored_phase(repos, campaign)
    if state.phase is Phase.OPEN and not on_time(at, campaign.deadline, campaign.deadline_grace_seconds):
        return Phase.CLOSED
    return state.phase


async def change_phase(
    repos: Repositories,
    campaign: Campaign,
    what: PhaseMove,
    actor: int,
    now: datetime,
    reason: str,
    **detail: Any,
) -> CallPhase:
    """A staff move (or the announcement, the publication): guarded by the table and by
    :func:`blockers`; raises ``PhaseRefused`` with what blocks it."""
    state = await current_phase(repos, campaign, now)
    found = await blockers(repos, campaign, state, what, now)
    return await _save(repos, campaign, state, what, actor, now, reason, found, **detail)


async def _save(
    repos: Repositories,
    campaign: Campaign,
    state: CallPhase,
    what: PhaseMove,
    actor: int,
    now: datetime,
    reason: str,
    found: list[Blocker] | None = None,
    **detail: Any,
) -> CallPhase:
    target = machine.move(
        campaign.id, state.phase, what, found or [], actor, now, repos.audit, reason, **detail
    )
    published = now if what is PhaseMove.PUBLISH else state.published_at
    new = replace(state, phase=target, since=now, reason=reason, published_at=published)
    await repos.settings.put(PHASE_KEY.format(campaign=campaign.id), new.dump())
    return new


async def blockers(
    repos: Repositories, campaign: Campaign, state: CallPhase, what: PhaseMove, now: datetime
) -> list[Blocker]:
    """What keeps ``what`` from being made now (an empty list: nothing)."""
    if what is PhaseMove.ANNOUNCE:
        return await announce_blockers(repos, campaign, now)
    if what is PhaseMove.FINALISE:
        return await finalise_blockers(repos, campaign, state, now)
    return []


def _undecided_extension(application: Application, now: datetime) -> bool:
    override = application.deadline_override
    open_statuses = (Status.DRAFT, Status.ELIGIBLE, Status.RETURNED)
    return override is not None and override > now and application.status in open_statuses


async def announce_blockers(repos: Repositories, campaign: Campaign, now: datetime) -> list[Blocker]:
    """Results only from complete reviews: every submitted package accepted or returned, every
    accepted one verified and scored (or excluded by staff), no tie at the cut-off, no extension
    still running."""
    apps = await repos.applications.in_campaign(campaign.id)
    live = [a for a in apps if a.result != EXCLUDED]
    undecided = [a for a in live if a.status == Status.SUBMITTED]
    not_verified = [a for a in live if a.status == Status.ACCEPTED]
    no_score = [
        a for a in live if a.status == Status.VERIFIED and a.result != "not_passed" and not a.case_score
    ]
    extended = [a for a in apps if _undecided_extension(a, now)]
    found = [
        Blocker(code, len(group), tuple(a.number or str(a.id) for a in group))
        for code, group in (
            ("not_decided", undecided),
            ("not_verified", not_verified),
            ("no_case_score", no_score),
            ("extension_running", extended),
        )
        if group
    ]
    ranking = await ranking_of(repos, campaign)
    if ranking.cutoff_tie:
        found.append(Blocker("tie", len(ranking.undecided), tuple(ranking.undecided)))
    return found


async def finalise_blockers(
    repos: Repositories, campaign: Campaign, state: CallPhase, now: datetime
) -> list[Blocker]:
    """The list is final once the period has passed and every objection in it is resolved."""
    if state.published_at is None:
        return [Blocker("not_published")]
    try:
        period = period_of(campaign, state.published_at)
    except CalendarUnknown as unknown:
        return [Blocker("calendar_unknown", unknown.year)]
    found = []
    if now < period.closes_at(campaign.zone):
        found.append(Blocker("period_running", detail=(period.end.isoformat(),)))
    selected = [a.id for a in await repos.applications.in_campaign(campaign.id) if a.result == "selected"]
    open_count = await repos.objections.unresolved(selected)
    if open_count:
        found.append(Blocker("objections_open", open_count))
    return found


def deadline_left(campaign: Campaign, now: datetime) -> Blocker | None:
    """ "Deadline in N days" while it has not passed."""
    left = countdown(campaign.deadline, now)
    return None if left.passed else Blocker("deadline_ahead", left.days)


async def next_blockers(
    repos: Repositories, campaign: Campaign, state: CallPhase, now: datetime
) -> tuple[PhaseMove | None, list[Blocker]]:
    """The move staff work towards and what blocks it (for /stats, /phase and the /announce
    preview): before results, announcing them (and the deadline while it is ahead)."""
    if state.phase in machine.BEFORE_RESULTS:
        ahead = deadline_left(campaign, now)
        return PhaseMove.ANNOUNCE, await announce_blockers(repos, campaign, now) + ([ahead] if ahead else [])
    following = machine.next_move(state.phase)
    if following is None:
        return None, []
    return following, await blockers(repos, campaign, state, following, now)


async def latest_deadline(repos: Repositories, campaign: Campaign) -> datetime:
    """The campaign's deadline or the latest extension staff granted, whichever is later."""
    overrides = [
        a.deadline_override for a in await repos.applications.in_campaign(campaign.id) if a.deadline_override
    ]
    return max([campaign.deadline, *overrides])
