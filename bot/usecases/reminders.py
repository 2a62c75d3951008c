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
from bot.engine.channels import channel_of
from bot.engine.effects import InlineButton, InlineKeyboard
from bot.engine.outbox_payload import message_payload
from bot.engine.request import Deps
from bot.rules.reminders import EARLY_LEAD, due_reminder, early_reminder
from bot.usecases.checklist import checklist, effective_deadline
from bot.usecases.contacts import contact_rows
from bot.usecases.everyone import member_key
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
            due = due_reminder(
                deadline, campaign.zone, settings.days_before, settings.at, now, application.created_at
            )
            for person in await repos.members.recipients(application):
                if person.consent_at is None:
                    continue
                early = await _before_window_closes(repos, person, deadline, campaign, settings, now)
                for days in (due, early):
                    if days is None:
                        continue
                    key = f"{PREFIX}{application.id}:{days}:{deadline.date().isoformat()}"
                    own = member_key(key, application, person)  # everyone on it is reminded, once each
                    if own in queued:
                        continue
                    final = days == min(settings.days_before)
                    payload = await _reminder(
                        repos, deps, campaign, index, application, person, days, now, final
                    )
                    count += await repos.outbox.enqueue(
                        own, person.chat_id, payload, now, expires_at=deadline
                    )
                    queued.add(own)
                    break
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


async def _before_window_closes(
    repos: Repositories,
    person: Applicant,
    deadline: datetime,
    campaign: Campaign,
    settings: ReminderSettings,
    now: datetime,
) -> int | None:
    """The next reminder, to send now, when the person's channel lets the bot write only for a
    while after their last message and that window closes before the reminder's time."""
    window = channel_of(person.chat_id).window
    if window is None:
        return None
    contact = await repos.contacts.get(person.chat_id)
    if contact is None or contact.last_inbound_at is None:
        return None
    closes = contact.last_inbound_at + window
    return early_reminder(deadline, campaign.zone, settings.days_before, settings.at, now, closes, EARLY_LEAD)
