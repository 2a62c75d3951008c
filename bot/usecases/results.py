"""Whether a campaign's results are out (staff confirmed /announce), and an application's result."""

from __future__ import annotations

from storage.models import Application
from storage.repositories import Repositories

ANNOUNCED = "announced:{campaign}"  # settings key, set once when the results are sent


async def results_out(repos: Repositories, campaign_id: str) -> bool:
    return bool(await repos.settings.get(ANNOUNCED.format(campaign=campaign_id)))


def announced_result(application: Application, out: bool) -> str | None:
    """``selected`` / ``not_selected`` / ``not_passed`` once results are out, else ``None``."""
    return application.result if out and application.result else None
