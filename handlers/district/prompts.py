"""The 推荐 / 不推荐 buttons on the notice: the bot asks for the opinion as a reply and remembers
(``bot/usecases/pending.py``), per member and chat, what the next reply is for (a reply is what a bot
hears in a group)."""

from __future__ import annotations

from bot.engine.buttons import Decline, DistrictDetails, OfApplication, Recommend
from bot.engine.effects import ForceReply
from bot.engine.request import Request
from handlers import pending
from handlers.district.common import find_mine, mine_by_button
from handlers.district.opinion import record_opinion
from handlers.district.views import show_application
from handlers.permits import refuse


async def on_recommend_button(request: Request, pressed: Recommend) -> None:
    await _ask(request, pressed, "recommend")


async def on_decline_button(request: Request, pressed: Decline) -> None:
    await _ask(request, pressed, "decline")


async def _ask(request: Request, pressed: OfApplication, opinion: str) -> None:
    found = await mine_by_button(request, pressed)
    if found is None:
        return
    application = found[1]
    await pending.ask(request, opinion, application.id)
    request.say(
        "district/ask_opinion",
        keyboard=ForceReply(request.label("opinion_placeholder")),
        number=application.number,
        opinion=opinion,
    )


async def on_details(request: Request, pressed: DistrictDetails) -> None:
    found = await mine_by_button(request, pressed)
    if found is not None:
        await show_application(request, *found)


async def on_opinion_text(request: Request, asked: pending.Pending, text: str) -> bool:
    """The reply to a prompt, recorded as the opinion if the application is still of this
    department's district (else refused with one line); an empty one is asked again."""
    application = await request.repos.applications.by_id(asked.application)
    if application is None:
        return False
    found = await find_mine(request, application.number or "")
    if found is None:  # its district changed since the prompt was shown: no longer this department's
        refuse(request, application)
        return True
    if not text.strip():
        request.say("district/opinion_usage", command=asked.kind)
        await pending.ask(request, asked.kind, asked.application)
        return True
    await record_opinion(request, *found, asked.kind, text.strip())
    return True
