"""The ranking of a campaign's verified applications, on the confirmed level and score."""

from __future__ import annotations

from decimal import Decimal

from bot.campaign.schema import Campaign
from bot.domain.status import Status
from bot.rules.level_floor import level_floor
from bot.rules.ranking import Candidate, Ranking, rank
from storage.repositories import Repositories

EXCLUDED = "excluded"  # result of an application staff took out of the results (audited)
REMOVED = "removed"  # taken off the 公示 list by an upheld objection (audited)


async def ranking_of(repos: Repositories, campaign: Campaign) -> Ranking:
    name_field = campaign.form.name_field if campaign.form else ""
    candidates = [
        Candidate(
            number=a.number or str(a.id),
            name=str(a.form.get(name_field) or ""),
            level=a.verified_level,
            score=Decimal(a.verified_score),
            case_score=Decimal(a.case_score) if a.case_score else None,
        )
        for a in await repos.applications.with_status((Status.VERIFIED,), campaign.id)
        if a.result not in ("not_passed", EXCLUDED, REMOVED)
        and a.verified_level is not None
        and a.verified_score is not None
    ]
    floor = level_floor(campaign)
    return rank(
        candidates,
        tuple(campaign.ranking.keys),
        top_n=campaign.ranking.top_n,
        min_level=floor.min_level if floor else None,
    )
