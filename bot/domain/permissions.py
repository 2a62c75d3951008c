"""Who may do what to an application: one table of action × standing.

A person's *standing* towards the application acted on follows from the role their gate let them
act in (``request.role``) and from the application itself: its first contact or a colleague on it;
city staff; a member of the department of the district the application names *now*; the expert
assigned to it, or any expert. ``PERMISSIONS`` names, for every action, the standings that may take
it; everything else is refused. Handlers consult it through ``handlers/permits.py`` when a button,
a command or a typed reply acts on an application, and ``docs/permissions.md`` prints this table.
"""

from __future__ import annotations

from enum import StrEnum


class Standing(StrEnum):
    FIRST_CONTACT = "first_contact"  # the application's first contact (申报联系人)
    COLLEAGUE = "colleague"  # a colleague who joined it by invitation
    STAFF = "staff"  # city staff (市经信委)
    DISTRICT = "district"  # the department of the district the application names now
    ASSIGNED_EXPERT = "assigned_expert"  # the expert it is assigned to
    EXPERT = "expert"  # any configured expert


class Action(StrEnum):
    APPLY = "apply"  # answer, fill in the form, upload, submit, invite, read one's own data
    MANAGE_TEAM = "manage_team"  # remove a colleague, hand the first contact's role over
    DELETE = "delete"  # delete the application and its data
    HANDLE = "handle"  # accept, return, extend the deadline, view, record an objection
    VERIFY = "verify"  # record the verification (item by item, or the figures at once)
    SCORE_CASE = "score_case"  # the case study's score
    DECLARE_CONFLICT = "declare_conflict"  # an expert's conflict of interest
    VIEW_AS_DISTRICT = "view_as_district"  # a department reads an application of its district
    GIVE_OPINION = "give_opinion"  # the department's recommendation opinion
    RUN_THE_CALL = "run_the_call"  # the call as a whole: assign, rank, announce, export, 公示, 案例集


S = Standing
PERMISSIONS: dict[Action, frozenset[Standing]] = {
    Action.APPLY: frozenset({S.FIRST_CONTACT, S.COLLEAGUE}),
    Action.MANAGE_TEAM: frozenset({S.FIRST_CONTACT}),
    Action.DELETE: frozenset({S.FIRST_CONTACT}),
    Action.HANDLE: frozenset({S.STAFF}),
    Action.VERIFY: frozenset({S.STAFF, S.ASSIGNED_EXPERT}),
    Action.SCORE_CASE: frozenset({S.STAFF, S.ASSIGNED_EXPERT}),
    Action.DECLARE_CONFLICT: frozenset({S.EXPERT}),
    Action.VIEW_AS_DISTRICT: frozenset({S.DISTRICT}),
    Action.GIVE_OPINION: frozenset({S.DISTRICT}),
    Action.RUN_THE_CALL: frozenset({S.STAFF}),
}


def may(action: Action, standings: frozenset[Standing]) -> bool:
    """Whether someone of these standings may take ``action``."""
    return bool(PERMISSIONS[action] & standings)


def permission_table_markdown() -> str:
    """The table as ``docs/permissions.md`` prints it: one row per action, one column per standing."""
    header = "| action | " + " | ".join(str(s) for s in Standing) + " |"
    rule = "|---|" + "---|" * len(Standing)
    rows = [
        f"| {action} | " + " | ".join("✓" if s in allowed else "" for s in Standing) + " |"
        for action, allowed in PERMISSIONS.items()
    ]
    return "\n".join([header, rule, *rows]) + "\n"
