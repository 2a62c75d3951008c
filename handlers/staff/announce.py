"""/announce: a preview of who is told what, then (once confirmed) one result message per
applicant through the outbox, and a delivery report staff can refresh.

Results go out only from complete reviews (``announce_blockers``): the preview lists what still
blocks them and has no button until nothing does. Before the deadline (or the latest extension)
a second confirmation names the date. The result message key ``result:<campaign>:<application>``
makes a second announcement (or a restart in the middle of one) send nothing twice.
"""

from __future__ import annotations

from markupsafe import Markup

from bot.campaign.schema import Campaign
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.domain.phase import RESULTS_OUT, PhaseMove, PhaseRefused
from bot.domain.status import Status
from bot.engine.buttons import (
    Casebook,
    ConfirmAnnouncement,
    ConfirmEarlyAnnouncement,
    PreviewAnnouncement,
    PublicityFiles,
    RefreshResults,
)
from bot.engine.events import Button
from bot.engine.request import Request, keyboard
from bot.rules.level_floor import level_floor
from bot.rules.review import outcome
from bot.usecases.call_phase import announce_blockers, change_phase, current_phase, latest_deadline
from bot.usecases.contacts import contact_rows
from bot.usecases.ranking import EXCLUDED
from bot.usecases.results import ANNOUNCED
from bot.usecases.verification import failed_rule
from handlers.common import audit, campaign_at, campaign_index, notify_everyone
from handlers.gate import refuse_staff_only as refuse
from handlers.staff.phase import phase_context
from handlers.staff.ranking import chosen_campaigns, ranking_of
from storage.models import Application

RANKED = ("selected", "not_selected", "not_passed")  # the results the ranking gives
KINDS = (*RANKED, EXCLUDED, "closed")  # every message the announcement sends (result/<kind>)
UNDECIDED = (Status.SUBMITTED, Status.ACCEPTED)  # never told anything while undecided
DAY = "%Y%m%d"


async def groups(request: Request, campaign: Campaign) -> dict[str, list[Application]]:
    """Who is told what. Only a verified application gets a ranking result; one staff excluded
    is told so; one never submitted (or returned and not resubmitted) that the call has closed.
    Submitted or accepted packages without a verdict are in none (the announcement waits for them)."""
    ranking = await ranking_of(request.repos, campaign)
    selected = {row.candidate.number for row in ranking.selected}
    below = set(ranking.below_min_level)
    result: dict[str, list[Application]] = {kind: [] for kind in KINDS}
    for application in await request.repos.applications.in_campaign(campaign.id):
        if application.result == EXCLUDED:
            result[EXCLUDED].append(application)
        elif application.status == Status.VERIFIED:
            if application.result == "not_passed" or application.number in below:
                result["not_passed"].append(application)
            elif application.number in selected:
                result["selected"].append(application)
            else:
                result["not_selected"].append(application)
        elif application.status not in UNDECIDED:
            result["closed"].append(application)
    return result


async def on_announce(request: Request) -> None:
    for campaign in chosen_campaigns(request):
        await preview(request, campaign)


async def on_announce_button(request: Request, pressed: PreviewAnnouncement) -> None:
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None:
        refuse(request)
        return
    await preview(request, campaign)


async def preview(request: Request, campaign: Campaign) -> None:
    """The phase and what blocks the announcement; while anything does, the list of it and no
    button; otherwise who is told what, as they will read it, and the button to confirm."""
    state = await current_phase(request.repos, campaign, request.now())
    if state.phase in RESULTS_OUT:
        await report(request, campaign)
        return
    phase = await phase_context(request, campaign)
    blocked = await announce_blockers(request.repos, campaign, request.now())
    found = await groups(request, campaign)
    excluded = [{"number": a.number, "reason": a.excluded_reason} for a in found[EXCLUDED]]
    if blocked:
        request.say(
            "staff/announce_blocked",
            campaign=campaign.name.zh_CN,
            phase=phase,
            blockers=blocked,
            excluded=excluded,
        )
        return
    render = request.deps.renderer.render
    samples = {  # rendered (and escaped) by the result templates: shown as applicants see them
        kind: Markup(render(OFFICIAL_LANGUAGE, f"result/{kind}", **_sample(campaign, apps)))
        for kind, apps in found.items()
        if apps  # only the messages someone will get
    }
    ci = campaign_index(request, campaign)
    confirm = keyboard([request.button(request.label("confirm_announce"), ConfirmAnnouncement(ci))])
    request.say(
        "staff/announce_preview",
        keyboard=confirm,
        campaign=campaign.name.zh_CN,
        phase=phase,
        counts={kind: len(apps) for kind, apps in found.items()},
        samples=samples,
        excluded=excluded,
    )


def _sample(campaign: Campaign, applications: list[Application]) -> dict[str, object]:
    return {
        "name": campaign.name.zh_CN,
        "number": applications[0].number or "",
        "contacts": contact_rows(campaign, OFFICIAL_LANGUAGE),
    }


async def on_confirm(request: Request, pressed: ConfirmAnnouncement) -> None:
    """Before the deadline (or the latest extension) a second confirmation naming that date."""
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None:
        refuse(request)
        return
    latest = await latest_deadline(request.repos, campaign)
    if request.now() <= latest:
        day = latest.astimezone(campaign.zone)
        again = ConfirmEarlyAnnouncement(campaign_index(request, campaign), day.strftime(DAY))
        button = request.button(request.label("confirm_early_announce", day=day), again)
        request.say(
            "staff/announce_early", keyboard=keyboard([button]), campaign=campaign.name.zh_CN, day=day
        )
        return
    await announce(request, campaign, early=None)


async def on_confirm_early(request: Request, pressed: ConfirmEarlyAnnouncement) -> None:
    """The second confirmation: still the date it named (an extension since asks again)."""
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None:
        refuse(request)
        return
    latest = (await latest_deadline(request.repos, campaign)).astimezone(campaign.zone)
    if request.now() <= latest and latest.strftime(DAY) != pressed.deadline:
        await on_confirm(request, ConfirmAnnouncement(pressed.campaign))
        return
    await announce(request, campaign, early=latest.date().isoformat())


async def announce(request: Request, campaign: Campaign, early: str | None) -> None:
    """Queue one result message per applicant, once; the call moves to "results announced"."""
    try:
        detail = {"before_deadline": early} if early else {}
        actor = request.event.sender.user_id
        await change_phase(
            request.repos, campaign, PhaseMove.ANNOUNCE, actor, request.now(), "staff", **detail
        )
    except PhaseRefused:
        await preview(request, campaign)
        return
    found = await groups(request, campaign)
    for kind, applications in found.items():
        for application in applications:
            await _tell(request, campaign, application, kind)
    await request.repos.settings.put(ANNOUNCED.format(campaign=campaign.id), request.now().isoformat())
    audit(request, "announce", campaign.id, **{k: len(v) for k, v in found.items()})
    await report(request, campaign)


async def _tell(request: Request, campaign: Campaign, application: Application, kind: str) -> None:
    applicant = await request.repos.applicants.lock(application.applicant_id)
    if applicant is None:
        return
    if kind in RANKED:
        application.result = kind
    application.updated_at = request.now()
    await notify_everyone(
        request,
        application,
        f"result:{campaign.id}:{application.id}",
        lambda lang: request.deps.renderer.render(
            lang,
            f"result/{kind}",
            name=campaign.name.get(lang),
            number=application.number,
            contacts=contact_rows(campaign, lang),
            **_not_passed_reason(campaign, application, lang),
        ),
    )


def _not_passed_reason(campaign: Campaign, application: Application, lang: str) -> dict[str, object]:
    """Why an application is not passed: the count of inconsistencies, or the confirmed level."""
    broken = (
        failed_rule(campaign, application, application.verification) if application.verification else None
    )
    if broken is not None and broken.clause is not None:
        return {"reason": "rule", "clause": broken.clause.text.get(lang), "clause_ref": broken.clause.ref}
    floor = level_floor(campaign)
    why = outcome(
        application.inconsistencies or 0,
        campaign.review.fail_at_inconsistencies,
        application.verified_level,
        floor.min_level if floor else None,
    )
    if why != "below_min_level" or floor is None or application.verified_level is None:
        return {"reason": "inconsistencies"}
    return {
        "reason": why,
        "level": campaign.level_name(application.verified_level, lang),
        "min_level": campaign.level_name(floor.min_level, lang),
        "clause": floor.clause.text.get(lang) if floor.clause else None,
        "clause_ref": floor.clause.ref if floor.clause else None,
    }


async def report(request: Request, campaign: Campaign, edit: int | None = None) -> None:
    """Delivery so far: sent, blocked, failed, waiting; a button refreshes it in place."""
    rows = await request.repos.outbox.by_key_prefix(f"result:{campaign.id}:")
    counts = {
        "sent": sum(r.sent_at is not None for r in rows),
        "blocked": sum(r.failed_at is not None and "blocked" in (r.last_error or "").lower() for r in rows),
        "failed": sum(
            r.failed_at is not None and "blocked" not in (r.last_error or "").lower() for r in rows
        ),
        "waiting": sum(r.sent_at is None and r.failed_at is None for r in rows),
    }
    text = request.text("staff/announce_report", campaign=campaign.name.zh_CN, total=len(rows), **counts)
    ci = campaign_index(request, campaign)
    refresh = keyboard(
        [request.button(request.label("refresh"), RefreshResults(ci))],
        [
            request.button(request.label("publicity"), PublicityFiles(ci)),
            request.button(request.label("casebook"), Casebook(ci)),
        ],
    )
    if edit is not None:
        request.edit(edit, text, refresh)
    else:
        request.say_text(text, refresh)


async def on_refresh(request: Request, pressed: RefreshResults) -> None:
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None:
        refuse(request)
        return
    message_id = request.event.message_id if isinstance(request.event, Button) else None
    await report(request, campaign, edit=message_id)
