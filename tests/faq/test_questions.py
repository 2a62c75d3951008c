"""The question set: questions as enterprise contacts type them, each labelled from NOTICE.md.

The shares are measured through ``best_answer``, the same call the chat makes. A wrong answer
(an entry the label does not name, or any answer to a question the notice does not answer) is
worse than sending the asker to the contacts, so the wrong share has the tighter bound.
Every 4th question is held out: the matcher's words and threshold were tuned on the others only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.campaign.schema import Campaign
from bot.usecases.faq import best_answer

QUESTIONS = Path(__file__).with_name("questions.tsv")
NONE = "none"
MAX_WRONG = 0.03  # of all questions
MIN_CORRECT = 0.80  # of the questions the notice answers
HELD_OUT_FLOOR = 0.70


@dataclass(frozen=True)
class Asked:
    labels: frozenset[str]
    text: str
    held_out: bool

    @property
    def answerable(self) -> bool:
        return self.labels != {NONE}


def question_set() -> list[Asked]:
    lines = [line for line in QUESTIONS.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    out = []
    for index, line in enumerate(lines):
        label, text = line.split("\t")
        out.append(Asked(frozenset(label.split("|")), text, held_out=index % 4 == 3))
    return out


@dataclass(frozen=True)
class Shares:
    total: int
    answerable: int
    correct: int  # answerable questions given an entry their label names
    wrong: int  # questions given an entry their label does not name
    deferred: int  # questions sent to the contacts

    @property
    def correct_share(self) -> float:
        return self.correct / self.answerable

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.total


def measure(campaign: Campaign, questions: list[Asked]) -> tuple[Shares, list[str]]:
    correct = wrong = deferred = 0
    misses = []
    for q in questions:
        found = best_answer([campaign], q.text)
        got = found.entry.id if found else NONE
        if got == NONE:
            deferred += 1
        elif got in q.labels:
            correct += 1
        else:
            wrong += 1
        if got not in q.labels:
            misses.append(f"{'/'.join(sorted(q.labels))} ← {q.text} → {got}")
    answerable = sum(q.answerable for q in questions)
    return Shares(len(questions), answerable, correct, wrong, deferred), misses


def test_the_set_is_large_and_labelled_from_the_campaign_faq(shipped_campaign: Campaign) -> None:
    questions = question_set()
    ids = {e.id for e in shipped_campaign.faq} | {NONE}
    assert len(questions) >= 100
    assert all(q.labels <= ids for q in questions), [q for q in questions if not q.labels <= ids]
    assert sum(not q.answerable for q in questions) >= 20
    assert 0.22 <= sum(q.held_out for q in questions) / len(questions) <= 0.28


@pytest.mark.parametrize("part", ["tuned", "held_out", "all"])
def test_shares(shipped_campaign: Campaign, part: str) -> None:
    questions = [q for q in question_set() if part == "all" or q.held_out == (part == "held_out")]
    shares, misses = measure(shipped_campaign, questions)
    report = (
        f"{part}: {shares.total} questions, {shares.answerable} answerable; correct "
        f"{shares.correct}/{shares.answerable} = {shares.correct_share:.0%}, wrong {shares.wrong}/"
        f"{shares.total} = {shares.wrong_share:.1%}, sent to the contacts {shares.deferred}"
    )
    print(report, *misses, sep="\n  ")
    assert shares.wrong_share <= MAX_WRONG, report
    # The held-out part is reported on its own (docs/questions.md); its floor only catches a regression.
    assert shares.correct_share >= (HELD_OUT_FLOOR if part == "held_out" else MIN_CORRECT), report
