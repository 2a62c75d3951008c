"""An application moves to another district (the applicant changed the form's district): the
opinion the former district gave is cleared (audited), both departments are told, and once the
application was ever submitted it is in the new district's queue with the opinion buttons."""

from __future__ import annotations

from datetime import datetime

from bot.campaign.schema import Campaign
from bot.engine.outbox_payload import message_payload
from bot.engine.request import Deps
from bot.usecases.district_notice import LANG, district_chats, notice_context, opinion_keyboard
from bot.usecases.districts import clear_opinion, district_of, find_district
from bot.usecases.people import Districts
from storage.models import Application
from storage.repositories import Repositories


async def district_moved(
    deps: Deps,
    repos: Repositories,
    now: datetime,
    actor: int,
    campaign: Campaign,
    application: Application,
    before: str | None,
) -> bool:
    """Call after the form's district may have changed from ``before``; True if it did."""
    after = district_of(campaign, application.form)
    if after == before:
        return False
    cleared = clear_opinion(application)
    number = application.number or str(application.id)
    if cleared or application.submissions:
        repos.audit.record(
            actor, "district_changed", number, now, before=before, after=after, opinion_cleared=cleared
        )
    if not application.submissions:
        return True  # no department has seen it yet
    stamp = now.isoformat()
    old = find_district(deps.part(Districts).all, before)
    if old is not None:
        text = deps.renderer.render(
            LANG, "district/moved_away", number=number, district=old.name, to=after, cleared=cleared
        )
        for chat in await district_chats(repos, old):
            await repos.outbox.enqueue(
                f"moved-away:{application.id}:{stamp}:{chat}", chat, message_payload(text), now
            )
    new = find_district(deps.part(Districts).all, after)
    if new is not None:
        context = notice_context(campaign, application, new) | {"moved_from": before}
        text = deps.renderer.render(LANG, "district/notice", **context)
        keyboard = opinion_keyboard(deps, application)
        for chat in await district_chats(repos, new):
            await repos.outbox.enqueue(
                f"moved-here:{application.id}:{stamp}:{chat}", chat, message_payload(text, keyboard), now
            )
    return True
