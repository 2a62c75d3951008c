"""The README's command table lists every sub-command of ``python -m bot``."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.cli import _parser

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_cli_command_is_in_the_readme_table() -> None:
    parser = _parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    listed = set(re.findall(r"^\| `python -m bot (\w+)", README.read_text(encoding="utf-8"), re.M))
    assert set(sub.choices) - listed == set()


def test_the_readme_names_both_test_runs_and_ci_runs_the_full_one() -> None:
    readme = README.read_text(encoding="utf-8")
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^\./scripts/test\.sh\s", readme, re.M)
    assert "./scripts/test.sh --full" in readme
    assert re.search(r"^exec scripts/test\.sh --full\b", ci, re.M)
