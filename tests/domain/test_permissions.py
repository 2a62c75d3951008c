"""The permission table: as the rules say (written out here, not read from the code), and as
docs/permissions.md prints it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.domain.permissions import PERMISSIONS, Action, Standing, may, permission_table_markdown

ROOT = Path(__file__).resolve().parents[2]
S = Standing
RULES = {
    Action.APPLY: {S.FIRST_CONTACT, S.COLLEAGUE},  # a colleague does everything the first contact does …
    Action.MANAGE_TEAM: {S.FIRST_CONTACT},  # … but only the first contact removes or hands over
    Action.DELETE: {S.FIRST_CONTACT},  # … and only the first contact deletes
    Action.HANDLE: {S.STAFF},
    Action.VERIFY: {S.STAFF, S.ASSIGNED_EXPERT},  # an unassigned expert does not verify
    Action.SCORE_CASE: {S.STAFF, S.ASSIGNED_EXPERT},
    Action.DECLARE_CONFLICT: {S.EXPERT},
    Action.VIEW_AS_DISTRICT: {S.DISTRICT},  # the department of the district the application names now
    Action.GIVE_OPINION: {S.DISTRICT},
    Action.RUN_THE_CALL: {S.STAFF},
}


def test_the_table_is_the_rules() -> None:
    assert {action: set(allowed) for action, allowed in PERMISSIONS.items()} == RULES


@pytest.mark.parametrize(
    ("action", "standing"),
    [(a, s) for a in Action for s in Standing if s not in RULES[a]],
)
def test_every_standing_not_named_is_refused(action: Action, standing: Standing) -> None:
    assert not may(action, frozenset({standing}))
    assert may(action, frozenset({standing, *RULES[action]}))


def test_nobody_may_do_anything_without_a_standing() -> None:
    assert not any(may(action, frozenset()) for action in Action)


def test_the_docs_print_the_code_table() -> None:
    page = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    printed = re.search(r"<!-- permission-table -->\n(.*)<!-- /permission-table -->", page, re.S)
    assert printed is not None and printed.group(1) == permission_table_markdown()
