"""Who holds each role, as ``bot.toml`` names them: the conversations' configuration.

Each is one part of ``Deps.parts`` (the engine carries them without knowing them): a gate asks
``request.deps.part(StaffDesk)``; a use case that writes to a role's chats asks the same. Every
part has defaults, so a missing one means "nobody holds this role".
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.usecases.districts import District


@dataclass(frozen=True)
class StaffDesk:
    """City staff (``[telegram] staff_user_ids``) and their group (``staff_chat_id``, 0: none)."""

    user_ids: frozenset[int] = frozenset()
    chat_id: int = 0


@dataclass(frozen=True)
class Experts:
    """The verification experts (``[review] expert_user_ids``)."""

    user_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Districts:
    """The district departments (``[districts."<name>"]``), in bot.toml's order."""

    all: tuple[District, ...] = ()
