"""What every district handler needs: its department, and its district's applications only."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.domain.permissions import Action
from bot.engine.buttons import OfApplication
from bot.engine.events import Button
from bot.engine.request import Request
from bot.usecases.districts import District
from handlers.common import audit
from handlers.gate import district_of_sender
from handlers.permits import permitted
from handlers.staff.common import find
from storage.models import Applicant, Application

__all__ = ["audit", "find_mine", "mine_by_button", "my_district"]


def my_district(request: Request) -> District:
    """The sender's department (the router has already let only district staff through)."""
    district = district_of_sender(request)
    assert district is not None
    return district


async def find_mine(request: Request, number: str) -> tuple[Campaign, Application, Applicant] | None:
    """The application numbered ``number`` if it is of this department's district; else ``None``,
    the same answer as for a number that does not exist (nothing about other districts is told)."""
    found = await find(request, number) if number else None
    if found is None or not await permitted(request, Action.VIEW_AS_DISTRICT, found[1]):
        return None
    return found


async def mine_by_button(
    request: Request, pressed: OfApplication
) -> tuple[Campaign, Application, Applicant] | None:
    """The application a district button names (by id), if it is this district's; else an alert."""
    application = await request.repos.applications.by_id(pressed.application)
    found = await find_mine(request, application.number or "") if application else None
    if found is None:
        assert isinstance(request.event, Button)
        request.answer(request.event.callback_id, request.label("stale_button"))
    return found
