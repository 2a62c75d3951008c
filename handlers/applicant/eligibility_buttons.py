"""Eligibility buttons: an answer, back, edit a question; old buttons resume the journey."""

from __future__ import annotations

from bot.domain.status import ANSWERING, Move, Status
from bot.engine.buttons import Answer, ChangeAnswer, PreviousQuestion
from bot.engine.events import Button
from bot.engine.request import Request
from bot.rules.errors import RuleError
from bot.usecases.display import display_answer
from handlers.applicant.answers import parse_button_value
from handlers.applicant.eligibility import apply_answer, ask, current_question
from handlers.applicant.journey import stale
from handlers.common import active_application, campaign_at, change_status


async def on_answer_button(request: Request, pressed: Answer) -> None:
    """An answer button; a button of an old question is refused as stale."""
    assert isinstance(request.event, Button)
    current = await current_question(request)
    campaign = campaign_at(request, pressed.campaign)
    if current is None or campaign is None or current[0] is not campaign:
        await stale(request)
        return
    _, application, question = current
    qi = pressed.question
    if qi >= len(campaign.questions) or campaign.questions[qi] is not question:
        await stale(request)
        return
    try:
        value = parse_button_value(question, pressed.value)
    except RuleError:
        await stale(request)
        return
    if request.event.message_id is not None:
        request.edit(
            request.event.message_id,
            request.text(
                "question_answered",
                question=question.text.get(request.lang),
                answer=display_answer(request, campaign, question, value),
            ),
        )
    await apply_answer(request, campaign, application, question, value)


async def on_back(request: Request, pressed: PreviousQuestion) -> None:
    current = await current_question(request)
    if current is None:
        await stale(request)
        return
    campaign, application, question = current
    position = campaign.questions.index(question)
    if position == 0:
        await stale(request)
        return
    change_status(request, application, Move.BACK)
    ask(request, campaign, application, campaign.questions[position - 1])


async def on_edit(request: Request, pressed: ChangeAnswer) -> None:
    """Ask that question again (from a failure or the summary)."""
    found = await active_application(request)
    campaign = campaign_at(request, pressed.campaign)
    if found is None or campaign is None or found[0] is not campaign:
        await stale(request)
        return
    _, application = found
    qi = pressed.question
    if qi >= len(campaign.questions) or application.status not in ANSWERING | {Status.ELIGIBLE}:
        await stale(request)
        return
    if application.status == Status.ELIGIBLE:
        change_status(request, application, Move.REOPEN, question=campaign.questions[qi].id)
    ask(request, campaign, application, campaign.questions[qi])
