"""The "How to add …" recipes of docs/ARCHITECTURE.md hold when followed literally: every file a
recipe names exists (a pattern such as ``templates/messages/*/staff/`` matches at least one), and
every recipe names the test that checks what it adds."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = re.compile(r"`((?:bot|handlers|storage|tests|templates)/[^`\s]*)`")


def recipes() -> dict[str, str]:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## How to add …", 1)[1].split("\n## ", 1)[0]
    found: dict[str, str] = {}
    for bullet in re.split(r"\n(?=- \*\*)", section.strip()):
        title = re.match(r"- \*\*(.+?)\*\*", bullet)
        assert title, bullet
        found[title.group(1)] = bullet
    return found


def exists(named: str) -> bool:
    """A file or folder; ``<…>`` (a name the reader picks) and ``*`` match any one part."""
    pattern = re.sub(r"<[^>]+>", "*", named.rstrip("/"))
    return any(ROOT.glob(pattern)) if "*" in pattern else (ROOT / pattern).exists()


def test_every_recipe_names_only_real_files_and_its_test() -> None:
    problems = []
    for title, bullet in recipes().items():
        named = PATH.findall(bullet)
        problems += [f"{title}: {path}" for path in named if not exists(path)]
        if not any(path.startswith("tests/") and path.endswith(".py") for path in named):
            problems.append(f"{title}: names no test")
    assert problems == []


def test_the_role_recipe_names_every_place_a_new_role_touches() -> None:
    """The places the dummy-role test had to fill in (tests/engine/test_dummy_role.py)."""
    bullet = recipes()["a role"]
    for place in (
        "handlers/roles.py",
        "handlers/types.py",
        "routes.py",
        "labels.j2",
        "help.j2",
        "Deps.parts",
    ):
        assert place in bullet, place
