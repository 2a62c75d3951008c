"""The campaign's contacts (``[[contacts]]``) as templates show them."""

from __future__ import annotations

from bot.campaign.schema import Campaign


def contact_rows(campaign: Campaign, lang: str) -> list[dict[str, str]]:
    """One row per contact: name, role in ``lang``, phone and email ('' when not given)."""
    return [
        {"name": c.name, "role": c.role.get(lang), "phone": c.phone, "email": c.email}
        for c in campaign.contacts
    ]


def contact_groups(campaigns: list[Campaign], lang: str) -> list[dict[str, object]]:
    """Per open campaign that names contacts: its name and its contacts (for /help)."""
    return [
        {"campaign": c.name.get(lang), "contacts": contact_rows(c, lang)} for c in campaigns if c.contacts
    ]
