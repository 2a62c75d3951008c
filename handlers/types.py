"""The shapes every role shares: a command handler, a button handler, and a role's entry in the
role table (``handlers/roles.py``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.campaign.schema import Campaign
from bot.config import Settings
from bot.domain.phase import Phase
from bot.engine.buttons import Payload
from bot.engine.request import Deps, Request
from handlers.pending import Pending

CommandHandler = Callable[[Request], Awaitable[None]]
# A button handler takes the typed payload of its kind (``bot/engine/buttons.py``); the route
# tables map each kind to its handler, and ``tests/engine/test_buttons.py`` checks that they agree.
ButtonHandler = Callable[[Request, Any], Awaitable[None]]
# A typed reply to what the bot asked (``bot/usecases/pending.py``), acted on; False when it no longer
# applies (the application is gone): the message is then read as if nothing had been asked.
ReplyHandler = Callable[[Request, Pending, str], Awaitable[bool]]


@dataclass(frozen=True)
class Places:
    """Where a role's command menu goes: its groups, and its members' private chats."""

    groups: tuple[int, ...] = ()
    people: tuple[int, ...] = ()


def _nowhere(deps: Deps) -> Places:
    return Places()


def _no_context(request: Request) -> dict[str, Any]:
    return {}


async def _any_phase(request: Request, phases: frozenset[Phase], pressed: Payload | None = None) -> bool:
    return True


@dataclass(frozen=True)
class RoleEntry:
    """One role: who it is (``name``, a ``bot.domain.status.Role`` value for the real ones), who may
    act in it here (``gate``), what it routes and in which phases of the call, its command menu and
    where it goes, its /help, and the configuration it reads from ``bot.toml`` (``part``, carried in
    ``Deps.parts``)."""

    name: str
    gate: Callable[[Request], bool]
    commands: Mapping[str, CommandHandler]
    buttons: Mapping[type[Payload], ButtonHandler] = field(default_factory=dict)
    # The phases of the call each command and button works in (``bot/domain/phase.py``; a route not
    # named works in all), and how a step outside them is refused (``handlers/phase_gate.py``).
    phases: Mapping[str | type[Payload], frozenset[Phase]] = field(default_factory=dict)
    in_phase: Callable[[Request, frozenset[Phase], Payload | None], Awaitable[bool]] = _any_phase
    menu: tuple[str, ...] = ()  # in its groups; in private followed by the applicant's
    places: Callable[[Deps], Places] = _nowhere
    help: str | None = None  # the template of its /help (None: ``commands["help"]`` answers)
    help_context: Callable[[Request], dict[str, Any]] = _no_context
    replies: Mapping[str, ReplyHandler] = field(default_factory=dict)  # by the kind of prompt
    part: Callable[[Settings, Sequence[Campaign]], object] | None = None
