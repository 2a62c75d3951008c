"""A payload of any button kind for tests: the fields named by keyword, every other int 0 and
every other text ``"x"`` (a campaign field 0 is the first campaign)."""

from __future__ import annotations

from dataclasses import fields
from typing import TypeVar

from bot.engine.buttons import Payload

P = TypeVar("P", bound=Payload)


def sample(kind: type[P], **given: int | str) -> P:
    values = {f.name: given.get(f.name, 0 if f.type in (int, "int") else "x") for f in fields(kind)}
    return kind(**values)
