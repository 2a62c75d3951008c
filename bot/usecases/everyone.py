"""Everyone on an application hears what concerns it: the one list of who is told and under which
outbox key, used for every notice kind (returns, acceptance, the district's opinion, a deadline
extension, results, reminders, a colleague joining …)."""

from __future__ import annotations

from storage.models import Applicant, Application
from storage.repositories import Repositories


def member_key(key: str, application: Application, person: Applicant) -> str:
    """The first contact's key is ``key`` itself (as before colleagues existed); each colleague's is
    ``key:m<user id>``, so each is told once."""
    return key if person.id == application.applicant_id else f"{key}:m{person.id}"


async def everyone_on(repos: Repositories, application: Application, key: str) -> list[tuple[Applicant, str]]:
    """Each person on ``application`` (first contact, then colleagues) with their own outbox key."""
    return [
        (person, member_key(key, application, person))
        for person in await repos.members.recipients(application)
    ]
