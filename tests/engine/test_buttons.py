"""Typed callback payloads: every kind of button is routed, a kind several roles route goes to one
handler (the first role whose gate lets the sender through takes it), its handler takes that kind,
and only the router reads callback data."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import get_type_hints

import pytest

from bot.engine.buttons import KINDS, Payload
from handlers.roles import ROLES

TABLES = {entry.name: entry.buttons for entry in ROLES}
ROOT = Path(__file__).resolve().parents[2]


def test_every_kind_is_routed_to_one_handler() -> None:
    routed = {kind for table in TABLES.values() for kind in table}
    assert sorted(k.tag for k in routed) == sorted(KINDS)
    for kind in routed:
        handlers = {table[kind] for table in TABLES.values() if kind in table}
        assert len(handlers) == 1, (kind, handlers)


def test_only_the_verification_is_shared_between_roles() -> None:
    """Staff and experts both press the verification's buttons; no other kind has two roles."""
    shared = sorted(
        kind.tag for kind in KINDS.values() if sum(kind in table for table in TABLES.values()) > 1
    )
    assert shared == sorted(["vc", "vi", "vs"])


@pytest.mark.parametrize(
    ("audience", "kind"),
    [(a, k) for a, table in TABLES.items() for k in table],
    ids=lambda v: getattr(v, "tag", v),
)
def test_the_handler_takes_the_kind_it_is_routed(audience: str, kind: type[Payload]) -> None:
    handler = TABLES[audience][kind]
    second = list(inspect.signature(handler).parameters)[1]
    expected = get_type_hints(handler)[second]
    assert expected is kind or (isinstance(expected, type) and issubclass(kind, expected)), (
        handler,
        expected,
    )


def test_only_the_router_reads_callback_data() -> None:
    """No handler splits data or reads positional parts: the codec gives them the typed value."""
    readers = []
    for path in [*ROOT.glob("handlers/**/*.py"), *ROOT.glob("bot/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"codec\.decode\(|\.data\.split\(", text):
            readers.append(path.relative_to(ROOT).as_posix())
    assert readers == ["handlers/router.py"]
