"""Who holds which place on a team (one application, its first contact and colleagues), and what
follows when a place changes: an invite lives only as long as its author is on the application,
and only the first contact deletes the application, removes colleagues or hands the role over.

These checks live here until the permission table of issue 28 item 1 takes them over; the
handlers ask these functions, never compare ids themselves.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from storage.models import Application, Invite
from storage.repositories import Repositories


def is_first_contact(application: Application, applicant_id: int) -> bool:
    return application.applicant_id == applicant_id


async def on_team(repos: Repositories, application: Application, applicant_id: int) -> bool:
    """Whether ``applicant_id`` is on ``application`` now (first contact or colleague)."""
    if is_first_contact(application, applicant_id):
        return True
    return await repos.members.find(application.id, applicant_id) is not None


async def revoke_invites(repos: Repositories, application_id: int, author: int) -> int:
    """Remove the unused invites ``author`` made for the application (their membership ended):
    neither they nor anyone they gave a link to can join with them. The number revoked."""
    statement = delete(Invite).where(
        Invite.application_id == application_id, Invite.created_by == author, Invite.used_at.is_(None)
    )
    result = await repos.session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


async def remove_colleague(repos: Repositories, application: Application, member: int) -> bool:
    """Take ``member`` off the application, with the invites they made; False if not on it."""
    if not await repos.members.remove(application.id, member):
        return False
    await revoke_invites(repos, application.id, member)
    return True


async def hand_over(
    repos: Repositories, application: Application, successor: int, name: str, now: datetime
) -> bool:
    """Make the colleague ``successor`` the first contact; the former first contact stays on as a
    colleague (``name`` is theirs). False if ``successor`` is not a colleague on it."""
    former = application.applicant_id
    if not await repos.members.remove(application.id, successor):
        return False
    application.applicant_id = successor
    application.updated_at = now
    await repos.session.flush()
    await repos.members.add(application, former, name, successor, now)
    return True
