"""Deadline reminders: derived from the database on every scheduler tick, queued in the outbox.

Each reminder has the key ``reminder:<application>:<days>:<deadline date>``, so it is queued
at most once whatever restarts or instances there are; an extended deadline gets its own.
"""

from __future__ import annotations

from datetime import datetime

from bot.campaign.schema import Campaign
from bot.config import ReminderSettings
from bot.domain.deadline import countdown
from bot.engine.buttons import Resume
from bot.engine.effects import InlineButton, InlineKeyboard
from bot.engine.outbox_payload import message_payload
from bot.engine.request import Deps
from bot.rules.reminders import due_reminder
from bot.usecases.checklist import checklist, effective_deadline
from bot.usecases.contacts import contact_rows
from storage.models import Applicant, Application
from storage.repositories import Repositories

PREFIX = "reminder:"


async def enqueue_due_reminders(
    repos: Repositories, deps: Deps, settings: ReminderSettings, now: datetime
) -> int:
    """Queue every reminder due now that was not queued before; the number queued."""
    queued = {row.key for row in await repos.outbox.by_key_prefix(PREFIX)}
    count = 0
    for index, campaign in enumerate(deps.campaigns.all):
        for application, _ in await repos.applications.awaiting_submission(campaign.id):
            deadline = effective_deadline(campaign, application)
            days = due_reminder(
                deadline, campaign.zone, settings.days_before, settings.at, now, application.created_at
            )
            if days is None:
                continue
            key = f"{PREFIX}{application.id}:{days}:{deadline.date().isoformat()}"
            final = days == min(settings.days_before)
            for person in await repos.members.recipients(application):
                # the first contact's key as before; each colleague's own (everyone on it is reminded)
                own = key if person.id == application.applicant_id else f"{key}:m{person.id}"
                if person.consent_at is None or own in queued:
                    continue
                payload = await _reminder(repos, deps, campaign, index, application, person, days, now, final)
                count += await repos.outbox.enqueue(own, person.chat_id, payload, now, expires_at=deadline)
    return count


async def _reminder(
    repos: Repositories,
    deps: Deps,
    campaign: Campaign,
    index: int,
    application: Application,
    applicant: Applicant,
    days: int,
    now: datetime,
    final: bool = False,
) -> dict[str, object]:
    lang = applicant.lang
    items = await checklist(repos, campaign, application, lang)
    deadline = effective_deadline(campaign, application)
    text = deps.renderer.render(
        lang,
        "reminder",
        days=days,
        name=campaign.name.get(lang),
        number=application.number,
        deadline=deadline.astimezone(campaign.zone),
        countdown=countdown(deadline, now),
        items=items.context(),
        final=final,
        contacts=contact_rows(campaign, lang),
    )
    label = deps.renderer.label(lang, "continue", name=campaign.name.get(lang))
    button = InlineButton(text=label, data=deps.codec.encode(Resume(index)))
    return message_payload(text, InlineKeyboard(rows=((button,),)))
