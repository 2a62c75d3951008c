"""The 推荐 / 不推荐 buttons on the notice: the bot asks for the opinion as a reply and remembers,
per member and chat, what the next reply is for (a reply is what a bot hears in a group)."""

from __future__ import annotations

from bot.engine.buttons import Decline, DistrictDetails, OfApplication, Recommend
from bot.engine.effects import ForceReply
from bot.engine.request import Request
from handlers.district.common import find_mine, mine_by_button
from handlers.district.opinion import record_opinion
from handlers.district.views import show_application

PROMPT_KEY = "district_prompt:{user}:{chat}"


def _key(request: Request) -> str:
    sender = request.event.sender
    return PROMPT_KEY.format(user=sender.user_id, chat=sender.chat_id)


async def on_recommend_button(request: Request, pressed: Recommend) -> None:
    await _ask(request, pressed, "recommend")


async def on_decline_button(request: Request, pressed: Decline) -> None:
    await _ask(request, pressed, "decline")


async def _ask(request: Request, pressed: OfApplication, opinion: str) -> None:
    found = await mine_by_button(request, pressed)
    if found is None:
        return
    application = found[1]
    await request.repos.settings.put(_key(request), f"{opinion}:{application.number}")
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


async def on_district_text(request: Request, text: str) -> bool:
    """The reply to a prompt, recorded as the opinion; False if this member was asked nothing here."""
    pending = await request.repos.settings.get(_key(request))
    if pending is None:
        return False
    opinion, _, number = pending.partition(":")
    found = await find_mine(request, number)
    if found is None:
        return False
    if not text.strip():
        request.say("district/opinion_usage", command=opinion)
        return True
    await request.repos.settings.delete(_key(request))
    await record_opinion(request, *found, opinion, text.strip())
    return True
