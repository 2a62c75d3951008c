"""Independent check (issue 30 item 3): case studies as Word and WPS save them, through the CLI.

``python -m bot check FILE --json`` on each layout of ``case_layouts.py``; the expected verdict
and per-section 字数 come from NOTICE.md's 附件2 and §三（二） (≥ 5000 字, seven sections, pictures)
and Word's counting rule, not from the code. A section's count is its body (the heading's own
characters may or may not be added: a tolerance of a heading's length).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.acceptance.case_layouts import LAYOUTS, LAYOUTS_HARD, TARGETS, Layout, bodies, word_count

HEADING = 20  # the longest 附件2 title with its numbering is under 20 字


def check(path: Path) -> dict:  # type: ignore[type-arg]
    done = subprocess.run(
        [sys.executable, "-m", "bot", "check", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip(), done.stderr[-2000:]
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_bodies_have_the_lengths_the_layouts_claim() -> None:
    assert [word_count(b) for b in bodies(TARGETS)] == list(TARGETS)


@pytest.mark.parametrize("layout", LAYOUTS + LAYOUTS_HARD, ids=lambda layout: layout.name)
def test_layout_is_read_as_word_shows_it(layout: Layout, tmp_path: Path) -> None:
    path = tmp_path / "案例.docx"
    path.write_bytes(layout.build())
    report = check(path)
    counts = [s["chars"] if s["found"] else 0 for s in report["sections"]]
    assert report["ok"] is layout.verdict_ok, report.get("problems")
    assert layout.total <= report["total_chars"] <= layout.total + 8 * HEADING
    assert report["images"] >= 1
    for got, want in zip(counts, layout.sections, strict=True):
        assert want <= got <= want + HEADING, (counts, layout.sections)
