"""Rank the passed applications and select the top N (the notice's ranking clause, via the campaign).

Applications are sorted descending by the campaign's ranking keys in order (by default
maturity level, then score, then the case evaluation). Rows equal on every key share a
position (competition ranking: 1, 2, 2, 4). A tie that straddles the cut-off is never broken
here: the tied rows are marked ``tied_at_cutoff``, left unselected and listed in
``Ranking.undecided`` so that staff decide.

A missing case score sorts below any given one and is flagged on its row.

With ``min_level`` (the campaign's minimum maturity level), a candidate whose confirmed level is
below it is never ranked: it is listed in ``Ranking.below_min_level`` instead, so that it can take
no place however few others remain.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Literal, cast

RankKey = Literal["level", "score", "case_score"]
RANK_KEYS: tuple[RankKey, ...] = ("level", "score", "case_score")

# One key's sort value: (has a value, the value); a missing value sorts below any given one.
_KeyValue = tuple[bool, Decimal]


@dataclass(frozen=True)
class Candidate:
    """A passed application, with the expert-confirmed level and score already applied."""

    number: str
    name: str
    level: int
    score: Decimal
    case_score: Decimal | None = None


@dataclass(frozen=True)
class RankedRow:
    position: int
    candidate: Candidate
    selected: bool
    tied_at_cutoff: bool = False
    missing_case_score: bool = False


@dataclass(frozen=True)
class Ranking:
    top_n: int
    rows: list[RankedRow] = field(default_factory=list)
    cutoff_tie: bool = False
    undecided: list[str] = field(default_factory=list)
    below_min_level: list[str] = field(default_factory=list)

    @property
    def selected(self) -> list[RankedRow]:
        return [row for row in self.rows if row.selected]

    @property
    def selected_count(self) -> int:
        return len(self.selected)

    @property
    def open_places(self) -> int:
        """Places left for staff to fill from ``undecided`` (0 without a tie at the cut-off)."""
        return self.top_n - self.selected_count if self.cutoff_tie else 0


def rank(
    candidates: Sequence[Candidate],
    keys: Sequence[str] = RANK_KEYS,
    *,
    top_n: int,
    min_level: int | None = None,
) -> Ranking:
    """Sort, assign shared positions and select the top ``top_n`` (ties at the cut-off left open).

    Candidates below ``min_level`` are left out of the rows and listed in ``below_min_level``.
    """
    checked = _check_keys(keys)
    if top_n <= 0:
        raise ValueError(f"top_n must be positive: {top_n}")
    _check_unique(candidates)
    below = sorted(c.number for c in candidates if min_level is not None and c.level < min_level)
    candidates = [c for c in candidates if c.number not in below]

    def sort_key(c: Candidate) -> tuple[_KeyValue, ...]:
        return _sort_values(c, checked)

    # Descending by the keys; equal rows stay in a stable order by application number.
    ordered = sorted(sorted(candidates, key=lambda c: c.number), key=sort_key, reverse=True)
    rows: list[RankedRow] = []
    undecided: list[str] = []
    flag_missing = "case_score" in checked
    for _, group_iter in groupby(ordered, key=sort_key):
        group = list(group_iter)
        start = len(rows)
        straddles = start < top_n < start + len(group)
        selected = start + len(group) <= top_n
        for c in group:
            rows.append(
                RankedRow(
                    position=start + 1,
                    candidate=c,
                    selected=selected,
                    tied_at_cutoff=straddles,
                    missing_case_score=flag_missing and c.case_score is None,
                )
            )
        if straddles:
            undecided.extend(c.number for c in group)
    return Ranking(
        top_n=top_n, rows=rows, cutoff_tie=bool(undecided), undecided=undecided, below_min_level=below
    )


def _sort_values(candidate: Candidate, keys: Sequence[RankKey]) -> tuple[_KeyValue, ...]:
    values: list[_KeyValue] = []
    for key in keys:
        value = getattr(candidate, key)
        values.append((False, Decimal(0)) if value is None else (True, Decimal(value)))
    return tuple(values)


def _check_keys(keys: Sequence[str]) -> tuple[RankKey, ...]:
    if not keys:
        raise ValueError("at least one ranking key is needed")
    unknown = [k for k in keys if k not in RANK_KEYS]
    if unknown:
        raise ValueError(f"unknown ranking keys {unknown}; expected some of {list(RANK_KEYS)}")
    if len(set(keys)) != len(keys):
        raise ValueError(f"ranking keys repeat: {list(keys)}")
    return tuple(cast(RankKey, k) for k in keys)


def _check_unique(candidates: Sequence[Candidate]) -> None:
    repeated = sorted(n for n, count in Counter(c.number for c in candidates).items() if count > 1)
    if repeated:
        raise ValueError(f"application numbers repeat: {repeated}")
