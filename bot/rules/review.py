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
