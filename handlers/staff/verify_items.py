"""Item-by-item verification (notice §三（三）): ``/verify <no>`` shows the reported values one at a
time; each is marked consistent (a button) or inconsistent (a button, then the verified value typed
as a reply). When every item is marked, the count, the verdict and the confirmed level and score
follow from the items. City staff may verify any accepted application, an expert only those
assigned to them (``handlers/expert``); both reach this module through the router's gates."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.domain.permissions import Action
from bot.engine.buttons import ItemConsistent, ItemInconsistent, StartVerification
from bot.engine.effects import ForceReply
from bot.engine.events import Button, Command
from bot.engine.request import Request, keyboard
from bot.rules.errors import RuleError
from bot.usecases import verification as record_of
from handlers import pending
from handlers.common import say_status_refusal
from handlers.permits import permitted
from handlers.staff import review
from handlers.staff.common import command_target, find
from storage.models import Application


async def may_review(request: Request, application: Application) -> bool:
    """City staff any application; an expert only one assigned to them now (the permission table)."""
    return await permitted(request, Action.VERIFY, application)


async def on_verify(request: Request) -> None:
    """/verify <no> opens the items; /verify <no> <inconsistencies> [<level> <score>] records at once."""
    assert isinstance(request.event, Command)
    target = await command_target(
        request, "staff/verify_usage", lambda a: len(a) == 1 or review.valid_verify_args(a[1:])
    )
    if target is None:
        return
    args, campaign, application, _ = target
    if not await may_review(request, application):
        request.say("expert/not_assigned", number=application.number)
    elif len(args) == 1:
        await start(request, campaign, application)
    else:
        review.verify(request, campaign, application, args[1:])


async def start(request: Request, campaign: Campaign, application: Application) -> None:
    """Open a record (or go on with an unfinished one) and show the first unmarked item."""
    if application.status not in review.REVIEWABLE:
        say_status_refusal(request, "staff/not_reviewable", application)
        return
    current = application.verification
    if current is None or current.get("done_at") or record_of.next_open(current) is None:
        expert = request.event.sender.user_id  # the record is kept in the language of the form
        current = record_of.open_record(request, campaign, application, expert, request.now())
        application.verification = current
    if not current["items"]:
        request.say("expert/no_items", number=application.number)
        return
    _show_next(request, campaign, application)


def _show_next(request: Request, campaign: Campaign, application: Application) -> None:
    record = application.verification
    assert record is not None
    index = record_of.next_open(record)
    if index is None:
        _finish(request, campaign, application, record)
        return
    item = record["items"][index]
    buttons = [
        request.button(request.label("item_consistent"), ItemConsistent(application.id, index)),
        request.button(request.label("item_inconsistent"), ItemInconsistent(application.id, index)),
    ]
    request.say(
        "expert/item",
        keyboard=keyboard(buttons),
        number=application.number,
        position=index + 1,
        total=len(record["items"]),
        item=item,
        so_far=record_of.inconsistencies(record),
    )


def _finish(request: Request, campaign: Campaign, application: Application, record: dict[str, Any]) -> None:
    count = record_of.inconsistencies(record)
    confirmed = record_of.confirmed(campaign, application, record)
    broken = record_of.failed_rule(campaign, application, record)
    application.verification = {**record, "done_at": request.now().isoformat()}
    outcome, level, score = review.apply_verification(
        request, campaign, application, count, confirmed, broken
    )
    request.say(
        "expert/verified",
        number=application.number,
        count=count,
        passed=outcome == "passed",
        below=outcome == "below_min_level",
        minimum=review.minimum_level(campaign),
        threshold=campaign.review.fail_at_inconsistencies,
        level=campaign.level_name(level, OFFICIAL_LANGUAGE) if level else None,
        score=score,
        differing=[item for item in record["items"] if item["consistent"] is False],
        rule=broken.clause if broken is not None and outcome == "breaks_rule" else None,
    )


async def _pressed(
    request: Request, pressed: ItemConsistent | ItemInconsistent
) -> tuple[Campaign, Application, int] | None:
    """The button's application and item, if it is still open and this reviewer's; else an alert."""
    assert isinstance(request.event, Button)
    application = await request.repos.applications.by_id(pressed.application)
    found = await find(request, application.number or "") if application else None
    record = application.verification if application else None
    index = pressed.item
    if found is None or application is None or record is None or record.get("done_at"):
        request.answer(request.event.callback_id, request.label("stale_button"))
        return None
    if not await may_review(request, application) or not 0 <= index < len(record["items"]):
        request.answer(request.event.callback_id, request.label("stale_button"), alert=True)
        return None
    return found[0], application, index


async def on_consistent(request: Request, pressed: ItemConsistent) -> None:
    found = await _pressed(request, pressed)
    if found is None:
        return
    campaign, application, index = found
    assert application.verification is not None and isinstance(request.event, Button)
    application.verification = record_of.marked(application.verification, index, True)
    request.answer(request.event.callback_id, request.label("done"))
    _show_next(request, campaign, application)


async def on_inconsistent(request: Request, pressed: ItemInconsistent) -> None:
    """Ask for the verified value."""
    found = await _pressed(request, pressed)
    if found is None:
        return
    _, application, index = found
    assert application.verification is not None
    await pending.ask(request, "item", application.id, index)
    item = application.verification["items"][index]
    placeholder = ForceReply(request.label("verified_placeholder"))
    request.say("expert/ask_verified", keyboard=placeholder, number=application.number, item=item)


async def on_item_text(request: Request, asked: pending.Pending, text: str) -> bool:
    """The verified value typed for the item asked; refused when the sender may no longer review the
    application (an expert unassigned since the prompt was shown)."""
    application = await request.repos.applications.by_id(asked.application)
    found = await find(request, application.number or "") if application else None
    record = application.verification if application else None
    if found is None or application is None or record is None or record.get("done_at"):
        return False
    if not await may_review(request, application):
        request.say("expert/not_assigned", number=application.number)
        return True
    campaign, index = found[0], asked.part
    item = record["items"][index]
    try:
        parsed = record_of.parse_verified(campaign, item["id"], text)
    except RuleError as error:  # asked again: the next reply is read again
        request.say(f"field/{error.code}", **error.params)
        await pending.ask(request, "item", application.id, index)
        return True
    verified = record_of.verified_value(request, campaign, item["id"], parsed)
    if item["reported"] is not None and verified[0] == item["reported"]:  # not a difference
        request.say("expert/same_as_reported", item=item)
        await pending.ask(request, "item", application.id, index)
        return True
    application.verification = record_of.marked(record, index, False, verified)
    _show_next(request, campaign, application)
    return True


async def on_start_button(request: Request, pressed: StartVerification) -> None:
    """Open the item-by-item verification."""
    assert isinstance(request.event, Button)
    application = await request.repos.applications.by_id(pressed.application)
    found = await find(request, application.number or "") if application else None
    if found is None or not await may_review(request, found[1]):
        request.answer(request.event.callback_id, request.label("stale_button"), alert=True)
        return
    request.answer(request.event.callback_id)
    await start(request, found[0], found[1])
