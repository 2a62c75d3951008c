"""The parts of question matching: figures in a question, what reads as a question, jieba loaded lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.rules.faq_match import looks_like_question
from bot.usecases.faq import asked_figures


@pytest.mark.parametrize(
    ("text", "year", "level", "chars"),
    [
        ("我们是2017年认定的数字化车间，能报吗？", 2017, None, None),
        ("二零一七年认定的可以吗", 2017, None, None),
        ("２０１８年认定的还在范围内吗", 2018, None, None),  # full-width digits
        ("成熟度二级可以申报不", None, 2, None),
        ("is level 3 enough", None, 3, None),
        ("案例四千字够吗", None, None, 4000),
        ("写了4500字行不行", None, None, 4500),
        ("截止是哪天", None, None, None),
    ],
)
def test_figures_a_question_names(text: str, year: int | None, level: int | None, chars: int | None) -> None:
    assert asked_figures(text) == {"year": year, "level": level, "chars": chars}


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("截止是哪天", True),
        ("能报吗", True),
        ("案例要写多少字", True),
        ("When is the deadline", True),
        ("截至日期是好久哦", True),
        ("长安汽车两江智能工厂", False),  # a name typed as an answer
        ("2021", False),
        ("是", False),
        ("汽车零部件，年产50万件", False),
        ("好吧", False),
        ("This is our company", False),
    ],
)
def test_what_reads_as_a_question(text: str, question: bool) -> None:
    assert looks_like_question(text) is question


def test_jieba_is_loaded_only_when_a_question_is_matched() -> None:
    """Importing the bot's modules does not load jieba (nor its dictionary): a test that asks no
    question never pays for it."""
    code = (
        "import sys; import bot.rules.faq_match, bot.usecases.faq, handlers.applicant.questions; "
        "print('jieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
