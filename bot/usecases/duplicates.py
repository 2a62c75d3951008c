"""Duplicates staff should see: the same credit code twice in one campaign, and byte-identical
files (the same sha256) uploaded for different applicants' applications."""

from __future__ import annotations

from dataclasses import dataclass

from bot.campaign.schema import Campaign
from bot.rules.credit_code import normalise_code
from storage.models import Application
from storage.repositories import Repositories


@dataclass(frozen=True)
class Duplicate:
    kind: str  # "code" (same credit code) or the upload kind of an identical file
    number: str  # the other application's number


def code_field(campaign: Campaign) -> str | None:
    """The form field holding the credit code (type ``credit_code``), if the form has one."""
    form = campaign.form
    return next((f.id for f in form.fields if f.type == "credit_code"), None) if form else None


async def others_with_code(
    repos: Repositories, campaign: Campaign, code: str, exclude: int | None
) -> list[Application]:
    """Applications of the campaign (but ``exclude``) whose credit code is ``code``, oldest first."""
    field = code_field(campaign)
    if not field or not code:
        return []
    wanted = normalise_code(code)
    return [
        other
        for other in await repos.applications.in_campaign(campaign.id)
        if other.id != exclude and normalise_code(str(other.form.get(field) or "")) == wanted
    ]


async def same_code(repos: Repositories, campaign: Campaign, application: Application) -> list[Application]:
    """Other applications of the campaign with the same credit code as ``application``."""
    field = code_field(campaign)
    code = str(application.form.get(field) or "") if field else ""
    return await others_with_code(repos, campaign, code, application.id)


async def same_files(repos: Repositories, application: Application) -> list[Duplicate]:
    """Files of this application that another applicant's application also uploaded."""
    mine = await repos.uploads.of_application(application.id)
    found: dict[tuple[str, str], Duplicate] = {}
    for upload in await repos.uploads.with_digests(sorted({u.sha256 for u in mine})):
        if upload.application_id == application.id:
            continue
        other = await repos.applications.by_id(upload.application_id)
        if other is None or other.applicant_id == application.applicant_id or not other.number:
            continue
        kind = next(u.kind for u in mine if u.sha256 == upload.sha256)
        found.setdefault((kind, other.number), Duplicate(kind, other.number))
    return list(found.values())


async def duplicates_of(repos: Repositories, campaign: Campaign, application: Application) -> list[Duplicate]:
    """Everything staff should be told about: same code first, then identical files."""
    codes = [Duplicate("code", o.number) for o in await same_code(repos, campaign, application) if o.number]
    return codes + await same_files(repos, application)
