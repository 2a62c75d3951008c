"""The table of what each phase of the call allows, as ``docs/phases.md`` prints it; built from
each role's phases in the role table (``handlers/roles.py``), so the page and the code cannot
disagree (a test compares them)."""

from __future__ import annotations

from bot.domain.phase import Phase
from bot.engine.buttons import Payload
from handlers import roles
from handlers.applicant import routes as applicant

ORDER = ("applicant", "staff", "district", "expert")  # as the page has always listed them


def _name(key: str | type[Payload]) -> str:
    return f"/{key}" if isinstance(key, str) else f"button {key.__name__}"


def phase_table_markdown() -> str:
    """One row per command and button of every audience, one column per phase (✓ allowed)."""
    header = "| audience | command or button | " + " | ".join(str(p) for p in Phase) + " |"
    rule = "|---|---|" + "---|" * len(Phase)
    rows = [
        f"| {audience} | {_name(key)} | " + " | ".join("✓" if p in phases else "" for p in Phase) + " |"
        for audience in ORDER
        for key, phases in roles.role(audience).phases.items()
    ]
    typed = (
        "| applicant | typed answers, shared phone, sent files | "
        + " | ".join("✓" if p in applicant.INPUT_PHASES else "" for p in Phase)
        + " |"
    )
    return "\n".join([header, rule, *rows, typed]) + "\n"
