"""No doc and no docstring points to a file that is not in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = "bot|handlers|storage|tests|templates|benchmarks|docs|scripts"
PATH = re.compile(rf"(?<![\w./-])((?:{FOLDERS})/[\w./-]*\w)")


# Names that look like paths but are not files of the repository.
NOT_PATHS = {
    "bot/files",  # an object-store key prefix in the S3 example
    "bot/files/ab/cd/abcd",  # a key under that prefix
    "templates/campaigns/cq-benchmark-2023.toml",  # the file the worked example tells you to create
}


GENERATED = "tests/output/"  # written by the test run (screenshots), not kept in the repository


def _sources() -> list[Path]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for package in ("bot", "handlers", "storage"):
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def test_every_path_named_in_docs_and_docstrings_exists() -> None:
    missing = []
    for source in _sources():
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            for match in PATH.finditer(line):
                named = match.group(1).rstrip(".")
                if any(c in named for c in "*<>{}") or named in NOT_PATHS or named.startswith(GENERATED):
                    continue
                if not (ROOT / named).exists():
                    missing.append(f"{source.relative_to(ROOT)}:{number}: {named}")
    assert missing == []
