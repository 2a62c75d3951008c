"""Expert verification and case evaluation (notice §三（三）): /verify and /casescore.

With ``review.fail_at_inconsistencies`` or more inconsistencies the package is not passed;
with fewer, the expert-confirmed level and score (when given) replace the self-reported ones, and
a confirmed level below the campaign's minimum (notice §一) is not passed either.
"""

from __future__ import annotations

from decimal import Decimal

from bot.campaign.schema import Campaign, Question
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.domain.status import REVIEWABLE, Move, Status
from bot.engine.request import Request
from bot.rules.errors import RuleError
from bot.rules.level_floor import level_floor
from bot.rules.maturity import bands_from_levels, check_score_matches_level
from bot.rules.numbers import parse_score
from bot.rules.review import outcome
from handlers.common import audit, change_status, say_status_refusal
from handlers.staff.common import command_target
from storage.models import Application

CASE_SCORE_RANGE = (Decimal(0), Decimal(100))


def self_reported(campaign: Campaign, application: Application) -> tuple[int | None, Decimal | None]:
    """The level and score the ranking uses before any expert confirmation."""
    ranking = campaign.ranking
    level = application.answers.get(ranking.level_question) if ranking.level_question else None
    score = application.answers.get(ranking.score_question) if ranking.score_question else None
    return (int(level) if level is not None else None, Decimal(str(score)) if score is not None else None)


async def on_verify(request: Request) -> None:
    """/verify <no> <inconsistencies> [<level> <score>]"""
    target = await command_target(request, "staff/verify_usage", lambda a: valid_verify_args(a[1:]))
    if target is None:
        return
    args, campaign, application, _ = target
    verify(request, campaign, application, args[1:])


OVERRIDE = "确认"  # typed after level and score: save although the score is outside the level's band


def valid_verify_args(values: list[str]) -> bool:
    """``<inconsistencies> [<level> <score> [确认]]``"""
    with_override = len(values) == 4 and values[3] == OVERRIDE
    return (len(values) in (1, 3) or with_override) and values[0].isdigit()


def verify(request: Request, campaign: Campaign, application: Application, values: list[str]) -> None:
    """Record the verification ``values`` = inconsistencies [level score]."""
    if application.status not in REVIEWABLE:
        say_status_refusal(request, "staff/not_reviewable", application)
        return
    try:
        confirmed = _confirmed(campaign, values[1:3])
    except RuleError as error:
        request.say(f"field/{error.code}", **error.params)
        return
    mismatch = (
        check_score_matches_level(*confirmed, bands_from_levels(campaign.levels)) if confirmed else None
    )
    if mismatch is not None and values[-1] != OVERRIDE:  # warned before it is saved
        request.say(
            "staff/verify_band_warning", number=application.number, values=" ".join(values), **mismatch.params
        )
        return
    record(request, campaign, application, int(values[0]), confirmed)


def _confirmed(campaign: Campaign, values: list[str]) -> tuple[int, Decimal] | None:
    if not values:
        return None
    levels = [band.level for band in campaign.levels]
    if not values[0].isdigit() or int(values[0]) not in levels:
        raise RuleError("level_range", level=values[0], minimum=min(levels), maximum=max(levels))
    bands = campaign.levels
    low, high = min(b.min_score for b in bands), max(b.max_score for b in bands)
    return int(values[0]), Decimal(
        str(parse_score(values[1], Decimal(str(min(low, 0))), Decimal(str(high))).value)
    )


def record(
    request: Request,
    campaign: Campaign,
    application: Application,
    count: int,
    confirmed: tuple[int, Decimal] | None,
) -> None:
    result, level, score = apply_verification(request, campaign, application, count, confirmed)
    floor = level_floor(campaign)
    request.say(
        "staff/verified",
        number=application.number,
        count=count,
        passed=result == "passed",
        below_level=result == "below_min_level",
        threshold=campaign.review.fail_at_inconsistencies,
        level=campaign.level_name(level, OFFICIAL_LANGUAGE) if level else None,
        score=score,
        min_level=campaign.level_name(floor.min_level, OFFICIAL_LANGUAGE) if floor else None,
        clause=floor.clause if floor else None,
    )


def minimum_level(campaign: Campaign) -> int | None:
    """The lowest level that passes (notice §一), the one the verified level is held to."""
    floor = level_floor(campaign)
    return floor.min_level if floor else None


def apply_verification(
    request: Request,
    campaign: Campaign,
    application: Application,
    count: int,
    confirmed: tuple[int, Decimal] | None,
    broken: Question | None = None,
) -> tuple[str, int | None, Decimal | None]:
    """Set the verification's outcome on ``application`` (audited); returns outcome, level, score.
    ``broken``: an eligibility rule the confirmed values break (the other platform's level, the
    recognition year), which fails a verification that would otherwise pass."""
    level, score = confirmed if confirmed else self_reported(campaign, application)
    floor = level_floor(campaign)
    result: str = outcome(
        count, campaign.review.fail_at_inconsistencies, level, floor.min_level if floor else None
    )
    if result == "passed" and broken is not None:
        result = "breaks_rule"
    application.inconsistencies = count
    application.verified_level = level
    application.verified_score = str(score) if score is not None else None
    application.result = None if result == "passed" else "not_passed"
    detail = {
        "inconsistencies": count,
        "outcome": result,
        "level": level,
        "score": application.verified_score,
        **({"rule": broken.id} if broken is not None and result == "breaks_rule" else {}),
    }
    change_status(request, application, Move.VERIFY, **detail)
    return result, level, score


async def on_casescore(request: Request) -> None:
    """/casescore <no> <0-100>"""
    target = await command_target(request, "staff/casescore_usage", lambda a: len(a) == 2)
    if target is None:
        return
    args, _, application, _ = target
    if application.status not in REVIEWABLE | {Status.SUBMITTED}:
        say_status_refusal(request, "staff/not_reviewable", application)
        return
    try:
        score = Decimal(str(parse_score(args[1], *CASE_SCORE_RANGE).value))
    except RuleError as error:
        request.say(f"field/{error.code}", **error.params)
        return
    application.case_score = str(score)
    application.updated_at = request.now()
    audit(request, "casescore", application.number or "", score=str(score))
    request.say("staff/case_scored", number=application.number, score=score)
