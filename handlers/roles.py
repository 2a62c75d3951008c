"""The roles, as one table: who may act in each (its gate), what it routes, its command menu and
where that goes, its /help, its typed replies and its configuration. The router, the menu builder
(``bot/services.py``) and /help walk it; nothing else names a role's routes.

The order is the order of precedence: a command or button several roles name goes to the first
whose gate lets the sender through here (city staff, then the district department, then the
expert, then the applicant, whose gate is any private chat)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.campaign.schema import Campaign
from bot.config import Settings
from bot.domain.status import Role
from bot.engine.request import Deps, Request
from handlers.applicant import routes as applicant
from handlers.district import routes as district
from handlers.expert import routes as expert
from handlers.staff import routes as staff
from handlers.types import ButtonHandler, CommandHandler, RoleEntry

ROLES: list[RoleEntry] = [staff.ROLE, district.ROLE, expert.ROLE, applicant.ROLE]


def role(name: str) -> RoleEntry:
    return next(entry for entry in ROLES if entry.name == name)


def applicant_menu() -> tuple[str, ...]:
    """The client's command menu for everyone: the applicant's."""
    return role(Role.APPLICANT).menu


def private_menu(entry: RoleEntry) -> tuple[str, ...]:
    """A member's menu in their private chat: the role's commands, then the applicant's."""
    own = entry.menu
    return own + tuple(name for name in applicant_menu() if name not in own)


def command_of(entry: RoleEntry, name: str) -> CommandHandler | None:
    """The handler ``entry`` routes command ``name`` to (its /help from its template)."""
    if name == "help" and entry.help is not None:
        return role_help
    return entry.commands.get(name)


def button_owners(kind: type) -> list[tuple[RoleEntry, ButtonHandler]]:
    return [(entry, entry.buttons[kind]) for entry in ROLES if kind in entry.buttons]


def holds_a_role_here(request: Request) -> bool:
    """Whether the sender acts for some role in this chat (so a group is theirs to be answered in)."""
    return any(entry.gate(request) for entry in ROLES if entry.name != Role.APPLICANT)


def refuse_role_command(request: Request, owners: list[str]) -> None:
    """A role command the sender may not use here: one line naming whose command it is (each role by
    its label ``role_<name>``; in private, or in a chat where the sender holds another role);
    nothing in anyone else's group."""
    if request.event.sender.is_private or holds_a_role_here(request):
        names = [request.label(f"role_{owner}") for owner in owners]
        request.say("role/not_yours", command=getattr(request.event, "name", ""), owners=names)


async def role_help(request: Request) -> None:
    """/help for a role: its commands with examples; in private the applicant's help first, since a
    member may apply there too."""
    entry = role(request.role or Role.APPLICANT)
    assert entry.help is not None
    if request.event.sender.is_private:
        request.say("help")
    request.say(entry.help, **entry.help_context(request))


def configuration(settings: Settings, campaigns: Sequence[Campaign]) -> tuple[object, ...]:
    """Each role's part of ``Deps.parts``, read from ``bot.toml`` (a bad one: ``ConfigError``)."""
    return tuple(entry.part(settings, campaigns) for entry in ROLES if entry.part is not None)


def role_chats(deps: Deps) -> list[tuple[int, tuple[str, ...]]]:
    """Each chat's own command menu: a role's groups get its menu, its members' private chats the
    role's then the applicant's; a chat that several roles reach gets the first role's."""
    chats: dict[int, tuple[str, ...]] = {}
    for entry in ROLES:
        places = entry.places(deps)
        for chat_id in places.groups:
            chats.setdefault(chat_id, entry.menu)
        for user_id in places.people:
            chats.setdefault(user_id, private_menu(entry))
    return [(chat_id, names) for chat_id, names in chats.items() if chat_id]
