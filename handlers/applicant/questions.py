"""Questions typed in the applicant's own words, answered from the notice (``bot/usecases/faq.py``).

Two places in the text dispatch call this module:

- ``answer_question``, before the step that waits for typed input: a message that reads as a
  question (a question mark, 吗 / 几 / 多少 …) and that one FAQ entry clearly answers is answered;
  one that is a question by its form alone (``asks_plainly``: ？ at the end, 吗 at the end, 够不够)
  and that no entry answers goes to the contacts; either is followed by the step again, so a
  question is never stored as the field's value. Anything else goes to the step exactly as
  before, so a company name, a year or a yes is never taken for a question. People with a staff,
  district or expert role are left out: their replies to the bot's prompts come first.
- ``on_free_text``, where no step waits: an answered question, else a question nobody could
  answer (stored for /stats, the asker sent to the contacts), else the generic reply.

jieba's dictionary is loaded once, in a thread (``faq_match.warm_up``), never on the event loop.
"""

from __future__ import annotations

import asyncio

from bot.campaign.schema import Campaign
from bot.engine.request import Request
from bot.rules.faq_match import asks_plainly, is_ready, looks_like_question, warm_up
from bot.usecases.contacts import contact_rows
from bot.usecases.faq import FaqAnswer, best_answer, render_answer
from handlers.applicant import misc
from handlers.common import active_application
from handlers.gate import district_of_sender, reviewer_may_act, staff_may_act


async def answer_question(request: Request, text: str) -> bool:
    """A question typed while a step waits: the notice's answer, or (a plain question the notice
    does not answer) the contacts; then the step again. Anything else is the step's."""
    if not looks_like_question(text) or _holds_role(request):
        return False
    campaigns = await _campaigns(request)
    found = await _best(request, campaigns, text)
    if found is not None:
        await _answer(request, found, text)
        return True
    if not asks_plainly(text) or not campaigns:
        return False
    await _to_contacts(request, campaigns[0], text)
    await misc.resume_if_any(request)
    return True


async def on_free_text(request: Request, text: str) -> None:
    """Text no step waits for: the notice's answer, or the contacts when it has none."""
    campaigns = await _campaigns(request)
    found = await _best(request, campaigns, text)
    if found is not None:
        await _answer(request, found, text)
    elif looks_like_question(text) and campaigns:
        await _to_contacts(request, campaigns[0], text)
    else:
        await misc.on_unexpected_input(request)


async def _to_contacts(request: Request, campaign: Campaign, text: str) -> None:
    """A question nobody could answer: kept for /stats (not who asked), the asker sent to the contacts."""
    await request.repos.unanswered.add(campaign.id, text, request.lang, request.now())
    request.say("faq/unanswered", contacts=contact_rows(campaign, request.lang))


async def _answer(request: Request, found: FaqAnswer, text: str) -> None:
    context = render_answer(request.deps.renderer.env, found, text, request.lang)
    started = await active_application(request) is not None
    request.say("faq/answer", started=started, **context)
    if started:
        await misc.resume_if_any(request)


async def _campaigns(request: Request) -> list[Campaign]:
    """The applicant's campaign when they have one, else every open campaign."""
    found = await active_application(request)
    return [found[0]] if found is not None else list(request.deps.campaigns.all)


async def _best(request: Request, campaigns: list[Campaign], text: str) -> FaqAnswer | None:
    if not any(c.faq for c in campaigns):
        return None
    if not is_ready():
        await asyncio.to_thread(warm_up)
    return best_answer(campaigns, text)


def _holds_role(request: Request) -> bool:
    return staff_may_act(request) or reviewer_may_act(request) or district_of_sender(request) is not None
