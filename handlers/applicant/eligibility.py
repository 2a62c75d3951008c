"""The eligibility conversation: one question at a time, the clause quoted on failure."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign, Question
from bot.domain.status import ANSWERING, Move, Status
from bot.engine.buttons import Answer, ChangeAnswer, PreviousQuestion, StartForm
from bot.engine.effects import InlineButton
from bot.engine.request import Request, keyboard
from bot.rules import eligibility as rules
from bot.rules.errors import RuleError
from bot.rules.question_kinds import kind_of
from bot.usecases.contacts import contact_rows
from bot.usecases.display import display_answer
from handlers.applicant.answers import parse_typed_answer
from handlers.common import active_application, campaign_index, change_status, touch
from storage.models import Application


def answer_buttons(request: Request, campaign: Campaign, question: Question) -> list[list[InlineButton]]:
    ci, qi = campaign_index(request, campaign), campaign.questions.index(question)
    rows = kind_of(question).buttons(question, campaign, request)
    return [[request.button(text, Answer(ci, qi, str(value))) for text, value in row] for row in rows]


def ask(request: Request, campaign: Campaign, application: Application, question: Question) -> None:
    """Send ``question`` and make it the current step."""
    application.flow = {**application.flow, "step": question.id}
    position = campaign.questions.index(question)
    rows = answer_buttons(request, campaign, question)
    if position > 0:
        rows.append(
            [request.button(request.label("back"), PreviousQuestion(campaign_index(request, campaign)))]
        )
    request.say(
        "question",
        keyboard=keyboard(*rows),
        number=position + 1,
        total=len(campaign.questions),
        question=question.text.get(request.lang),
        kind=question.kind,
        levels=campaign.levels,
        minimum=question.min,
        maximum=question.max,
    )


def resume(request: Request, campaign: Campaign, application: Application) -> None:
    """Show the applicant where they are: the current question, the failure, or the summary."""
    if application.status == Status.INELIGIBLE:
        failed = rules.first_failure(campaign, application.answers)
        if failed is not None:
            tell_failure(request, campaign, failed, application.answers)
            return
    step = application.flow.get("step")
    question = next((q for q in campaign.questions if q.id == step), None)
    if application.status == Status.DRAFT:
        question = question or rules.next_question(campaign, application.answers, None)
    if question is not None and application.status in ANSWERING:
        ask(request, campaign, application, question)
        return
    finish(request, campaign, application)


def tell_failure(request: Request, campaign: Campaign, question: Question, answers: dict[str, Any]) -> None:
    """The question the enterprise fails, the answer given to it, and the clause that says why."""
    assert question.clause is not None
    qi = campaign.questions.index(question)
    change = request.button(
        request.label("change_answer"), ChangeAnswer(campaign_index(request, campaign), qi)
    )
    request.say(
        "not_eligible",
        keyboard=keyboard([change]),
        question=question.text.get(request.lang),
        answer=display_answer(request, campaign, question, answers.get(question.id)),
        ref=question.clause.ref,
        clause=question.clause.text.get(request.lang),
        contacts=contact_rows(campaign, request.lang),
    )


def finish(request: Request, campaign: Campaign, application: Application) -> None:
    """All questions answered: show the summary with a way to change any answer."""
    failed = rules.first_failure(campaign, application.answers)
    if failed is not None:
        change_status(request, application, Move.FAIL, question=failed.id)
        application.flow = {**application.flow, "step": failed.id}
        tell_failure(request, campaign, failed, application.answers)
        return
    if application.status in ANSWERING:
        change_status(request, application, Move.PASS)
    application.flow = {**application.flow, "step": None}
    ci = campaign_index(request, campaign)
    edits = [
        request.button(request.label("edit_number", number=i + 1), ChangeAnswer(ci, i))
        for i in range(len(campaign.questions))
    ]
    rows = [edits[i : i + 4] for i in range(0, len(edits), 4)]
    if campaign.form is not None:
        rows.append([request.button(request.label("start_form"), StartForm(ci))])
    request.say(
        "eligible",
        keyboard=keyboard(*rows),
        items=summary_items(request, campaign, application),
        has_form=campaign.form is not None,
    )


def summary_items(request: Request, campaign: Campaign, application: Application) -> list[dict[str, Any]]:
    return [
        {
            "number": i + 1,
            "question": q.text.get(request.lang),
            "answer": display_answer(request, campaign, q, application.answers.get(q.id)),
        }
        for i, q in enumerate(campaign.questions)
    ]


async def apply_answer(
    request: Request, campaign: Campaign, application: Application, question: Question, value: Any
) -> None:
    """Store the answer, then fail with the clause, or move to the next question."""
    application.answers = {**application.answers, question.id: value}
    touch(request, application, "answer", question=question.id)
    if not rules.passes(question, value):
        change_status(request, application, Move.FAIL, question=question.id)
        tell_failure(request, campaign, question, application.answers)
        return
    if application.status == Status.INELIGIBLE:
        change_status(request, application, Move.CORRECT, question=question.id)
    warning = rules.score_mismatch(campaign, question, application.answers)
    if warning is not None:
        request.say(f"field/{warning.code}", **warning.params)
    following = rules.next_question(campaign, application.answers, question.id)
    if following is not None and application.status == Status.DRAFT:
        ask(request, campaign, application, following)
    else:
        finish(request, campaign, application)


async def current_question(request: Request) -> tuple[Campaign, Application, Question] | None:
    found = await active_application(request)
    if found is None:
        return None
    campaign, application = found
    step = application.flow.get("step")
    if application.status not in ANSWERING or step is None:
        return None
    return campaign, application, campaign.question(step)


async def on_text(request: Request, text: str) -> bool:
    """A typed answer to the current question; False when no question is waiting."""
    current = await current_question(request)
    if current is None:
        return False
    campaign, application, question = current
    try:
        value = parse_typed_answer(request, campaign, question, text)
    except RuleError as error:
        request.say(f"field/{error.code}", **error.params)
        ask(request, campaign, application, question)
        return True
    await apply_answer(request, campaign, application, question, value)
    return True
