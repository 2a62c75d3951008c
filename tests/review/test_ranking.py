from __future__ import annotations

from decimal import Decimal

import pytest

from bot.campaign.schema import Campaign
from bot.rules.ranking import Candidate, rank


def cand(number: str, level: int, score: str, case: str | None = "80") -> Candidate:
    return Candidate(number, f"企业{number}", level, Decimal(score), None if case is None else Decimal(case))


def numbers(rows: list) -> list[str]:
    return [row.candidate.number for row in rows]


def test_sorted_descending_with_positions() -> None:
    result = rank([cand("A", 3, "3.1"), cand("B", 4, "3.9"), cand("C", 3, "3.5")], top_n=2)
    assert numbers(result.rows) == ["B", "C", "A"]
    assert [r.position for r in result.rows] == [1, 2, 3]
    assert [r.selected for r in result.rows] == [True, True, False]
    assert not result.cutoff_tie and result.undecided == [] and result.selected_count == 2


def test_tie_inside_the_top_n_shares_a_position_and_both_are_selected() -> None:
    result = rank(
        [cand("A", 4, "4.0"), cand("B", 3, "3.5", "90"), cand("C", 3, "3.5", "90"), cand("D", 3, "3.0")],
        top_n=3,
    )
    assert [r.position for r in result.rows] == [1, 2, 2, 4]
    assert numbers(result.selected) == ["A", "B", "C"]
    assert not result.cutoff_tie and result.selected_count == 3


def test_tie_across_the_cutoff_is_left_to_staff() -> None:
    result = rank(
        [
            cand("A", 4, "4.5"),
            cand("B", 4, "4.0"),
            cand("C", 3, "3.2", "70"),
            cand("D", 3, "3.2", "70"),
            cand("E", 3, "3.0"),
        ],
        top_n=3,
    )
    assert [r.position for r in result.rows] == [1, 2, 3, 3, 5]
    assert result.cutoff_tie
    assert result.undecided == ["C", "D"]
    assert result.selected_count == 2 < result.top_n
    assert result.open_places == 1
    tied = [r for r in result.rows if r.tied_at_cutoff]
    assert numbers(tied) == ["C", "D"] and not any(r.selected for r in tied)
    assert not result.rows[4].selected and not result.rows[4].tied_at_cutoff


def test_tie_ending_exactly_at_the_cutoff_is_selected() -> None:
    items = [cand("A", 4, "4.5"), cand("B", 3, "3.2"), cand("C", 3, "3.2"), cand("D", 3, "3.0")]
    result = rank(items, top_n=3)
    assert numbers(result.selected) == ["A", "B", "C"] and not result.cutoff_tie


def test_tie_of_everyone_beyond_the_cutoff() -> None:
    result = rank([cand(n, 3, "3.0") for n in "ABCD"], top_n=2)
    assert result.cutoff_tie and result.undecided == ["A", "B", "C", "D"] and result.selected_count == 0
    assert {r.position for r in result.rows} == {1}


def test_missing_case_score_ranks_below_and_is_flagged() -> None:
    result = rank([cand("A", 3, "3.5", None), cand("B", 3, "3.5", "0"), cand("C", 3, "3.5", "60")], top_n=10)
    assert numbers(result.rows) == ["C", "B", "A"]
    assert [r.missing_case_score for r in result.rows] == [False, False, True]
    assert [r.position for r in result.rows] == [1, 2, 3]


def test_two_missing_case_scores_tie() -> None:
    result = rank([cand("A", 3, "3.5", None), cand("B", 3, "3.5", None)], top_n=1)
    assert [r.position for r in result.rows] == [1, 1] and result.undecided == ["A", "B"]


def test_fewer_candidates_than_places_are_all_selected() -> None:
    result = rank([cand("A", 3, "3.0"), cand("B", 4, "4.0")], top_n=10)
    assert all(r.selected for r in result.rows) and result.selected_count == 2 and not result.cutoff_tie


def test_level_dominates_score() -> None:
    result = rank([cand("A", 3, "3.79"), cand("B", 4, "3.80")], top_n=1)
    assert numbers(result.selected) == ["B"]


def test_keys_order_matters() -> None:
    items = [cand("A", 3, "3.0", "95"), cand("B", 4, "4.0", "60")]
    assert numbers(rank(items, ("case_score", "level", "score"), top_n=1).selected) == ["A"]
    assert numbers(rank(items, top_n=1).selected) == ["B"]


def test_keys_left_out_do_not_count() -> None:
    result = rank([cand("A", 3, "3.5", "90"), cand("B", 3, "3.5", "60")], ("level", "score"), top_n=1)
    assert result.cutoff_tie and not any(r.missing_case_score for r in result.rows)


def test_empty_input() -> None:
    result = rank([], top_n=10)
    assert result.rows == [] and result.selected_count == 0
    assert not result.cutoff_tie and result.undecided == []


def test_keys_and_top_n_from_the_shipped_campaign(shipped_campaign: Campaign) -> None:
    settings = shipped_campaign.ranking
    items = [cand(f"N{i:02}", 3, f"3.{i:02}") for i in range(settings.top_n + 2)]
    result = rank(items, settings.keys, top_n=settings.top_n)
    assert result.selected_count == settings.top_n
    assert numbers(result.rows)[0] == items[-1].number


@pytest.mark.parametrize("keys", [(), ("level", "size"), ("level", "level")])
def test_bad_keys_are_refused(keys: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        rank([cand("A", 3, "3.0")], keys, top_n=1)


def test_bad_top_n_and_repeated_numbers_are_refused() -> None:
    with pytest.raises(ValueError):
        rank([cand("A", 3, "3.0")], top_n=0)
    with pytest.raises(ValueError):
        rank([cand("A", 3, "3.0"), cand("A", 4, "4.0")], top_n=1)


def test_below_the_minimum_level_is_never_selected_even_with_places_left() -> None:
    # Notice §一: level 3 (集成级) and above; top 10 with only two candidates leaves places open.
    result = rank([cand("A", 3, "3.1"), cand("B", 2, "2.5", "99")], top_n=10, min_level=3)
    assert numbers(result.rows) == ["A"] and numbers(result.selected) == ["A"]
    assert result.below_min_level == ["B"]


def test_without_a_minimum_every_level_is_ranked() -> None:
    result = rank([cand("A", 3, "3.1"), cand("B", 2, "2.5")], top_n=10)
    assert numbers(result.selected) == ["A", "B"] and result.below_min_level == []
