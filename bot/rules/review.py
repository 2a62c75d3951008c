"""The expert review's verdict: too many inconsistencies between the form and the check fail.

The notice's wording overlaps at the threshold (in Chinese legal drafting both "N or more"
and "within N" include N; see DOMAIN.md), so the threshold comes from the campaign
(``Review.fail_at_inconsistencies``): an application with at least that many inconsistencies
fails; with fewer it passes, and the expert-confirmed figures replace the self-reported ones
(the caller applies them).
"""

from __future__ import annotations

from typing import Literal

Verdict = Literal["passed", "failed"]


def verdict(inconsistencies: int, fail_at: int) -> Verdict:
    """``"failed"`` when ``inconsistencies >= fail_at``, else ``"passed"``."""
    if inconsistencies < 0:
        raise ValueError(f"inconsistencies cannot be negative: {inconsistencies}")
    if fail_at <= 0:
        raise ValueError(f"fail_at must be positive: {fail_at}")
    return "failed" if inconsistencies >= fail_at else "passed"


Outcome = Literal["passed", "too_many_inconsistencies", "below_min_level"]


def outcome(inconsistencies: int, fail_at: int, level: int | None, min_level: int | None) -> Outcome:
    """The verdict on the count, then the notice's minimum level applied to the confirmed level.

    Once the experts' figures replace the self-reported ones, the level they confirm must still
    reach the minimum the campaign sets for eligibility: below it the application is not passed.
    """
    if verdict(inconsistencies, fail_at) == "failed":
        return "too_many_inconsistencies"
    if min_level is not None and level is not None and level < min_level:
        return "below_min_level"
    return "passed"
