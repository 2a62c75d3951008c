"""District departments (区县经信主管部门): who they are, and which applications are theirs.

``bot.toml`` names each department by a district option of the campaign(s) (its Chinese name, as
the form's district list shows it); an application belongs to the district its form names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from bot.campaign.schema import Campaign, FormField
from bot.validation import ConfigError
from storage.models import Application

OPINIONS = ("recommend", "decline")


class DistrictConfig(Protocol):
    user_ids: list[int]
    chat_id: int
    department: str | None


@dataclass(frozen=True)
class District:
    name: str  # the district's Chinese name, as the campaign's option reads
    user_ids: frozenset[int]
    chat_id: int = 0
    department: str | None = None  # its exact name when bot.toml gives one

    def department_name(self, campaign: Campaign) -> str:
        if self.department:
            return self.department
        if campaign.form and self.name in campaign.form.departments:
            return campaign.form.departments[self.name]
        pattern = campaign.form.department_name if campaign.form else "{district}"
        return pattern.format(district=self.name)


def district_field(campaign: Campaign) -> FormField | None:
    """The form field that names the applicant's district, if the campaign's form has one."""
    form = campaign.form
    return next((f for f in form.fields if f.type == "district"), None) if form else None


def district_names(campaign: Campaign) -> list[str]:
    field = district_field(campaign)
    return [option.text.zh_CN for option in field.options] if field else []


def build_districts(
    configured: Mapping[str, DistrictConfig], campaigns: Sequence[Campaign], config_path: Path
) -> tuple[District, ...]:
    """The configured departments; a name that is no district of any campaign is a config error."""
    known = {name for campaign in campaigns for name in district_names(campaign)}
    unknown = [name for name in configured if name not in known]
    if unknown:
        raise ConfigError(
            [f'{config_path}: districts."{name}": not a district option of the campaign' for name in unknown]
        )
    return tuple(
        District(name, frozenset(c.user_ids), c.chat_id, c.department) for name, c in configured.items()
    )


def district_of(campaign: Campaign, answers_form: Mapping[str, Any]) -> str | None:
    """The Chinese name of the district an application's form names (``None`` if not answered)."""
    field = district_field(campaign)
    value = answers_form.get(field.id) if field else None
    if field is None or value is None:
        return None
    option = next((o for o in field.options if o.id == value), None)
    return option.text.zh_CN if option else None


def find_district(districts: Sequence[District], name: str | None) -> District | None:
    return next((d for d in districts if d.name == name), None) if name else None


def department_for(districts: Sequence[District], campaign: Campaign, name: str | None) -> str | None:
    """The department of district ``name``: as bot.toml names it, else the campaign's pattern."""
    if name is None:
        return None
    district = find_district(districts, name)
    if district is not None:
        return district.department_name(campaign)
    return District(name, frozenset()).department_name(campaign)


def current_opinion(campaign: Campaign, application: Application) -> str | None:
    """The opinion (recommend | decline) if the district the form names now gave it; an opinion
    of another district never counts or shows (rows from before the giver was kept count)."""
    giver = application.district_opinion_district
    if giver is not None and giver != district_of(campaign, application.form):
        return None
    return application.district_opinion


def clear_opinion(application: Application) -> bool:
    """Forget the recorded opinion; True if there was one."""
    had = application.district_opinion is not None
    application.district_opinion = None
    application.district_opinion_text = None
    application.district_opinion_by = None
    application.district_opinion_at = None
    application.district_opinion_district = None
    return had


def opinion_context(
    districts: Sequence[District], campaign: Campaign, application: Application
) -> dict[str, Any]:
    """The district's opinion as templates show it (``kind`` is ``None`` while it is pending)."""
    name = district_of(campaign, application.form)
    kind = current_opinion(campaign, application)
    at = application.district_opinion_at if kind else None
    return {
        "kind": kind,
        "text": application.district_opinion_text if kind else None,
        "at": at.astimezone(campaign.zone) if at else None,
        "district": name,
        "department": department_for(districts, campaign, name),
    }


def district_summary(campaign: Campaign, applications: Sequence[Application]) -> list[dict[str, Any]]:
    """Per district (in the form's order, those with any application): started, submitted,
    recommended, declined; applications without a district yet are counted under ``None``."""
    counts: dict[str | None, dict[str, Any]] = {}
    for application in applications:
        name = district_of(campaign, application.form)
        row = counts.setdefault(
            name, {"district": name, "started": 0, "submitted": 0, "recommended": 0, "declined": 0}
        )
        row["started"] += 1
        row["submitted"] += application.submitted_at is not None
        opinion = current_opinion(campaign, application)
        row["recommended"] += opinion == "recommend"
        row["declined"] += opinion == "decline"
    order = [*district_names(campaign), None]
    return [counts[name] for name in order if name in counts]
