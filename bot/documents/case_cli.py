"""The body of ``python -m bot check FILE [--json]`` (CONTRACTS.md): offline, no database.

Exit codes: 0 the case passes (no errors), 1 it has errors, 2 the file is missing, not a
.docx, or unreadable; the JSON then keeps its shape with the one file problem.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import TextIO

from bot.campaign.schema import CaseRules
from bot.documents.case_view import render_report, report_json
from bot.documents.docx_reader import DocxError, read_docx
from bot.domain.languages import DEFAULT_LANGUAGE
from bot.rules.case_check import CaseReport, check_case
from bot.texts.render import Renderer

EXIT_OK, EXIT_ERRORS, EXIT_BAD_FILE = 0, 1, 2


def check_file(path: Path, rules: CaseRules) -> CaseReport:
    """Read and check one file; a file that cannot be read gives a file-problem report."""
    try:
        return check_case(read_docx(path), rules)
    except DocxError as exc:
        return CaseReport.for_file_problem(rules, exc.code, **exc.params)
    except FileNotFoundError:
        return CaseReport.for_file_problem(rules, "unreadable", reason="missing")
    except OSError:  # a directory, no permission
        reason = "missing" if path.is_dir() else "io"
        return CaseReport.for_file_problem(rules, "unreadable", reason=reason)


def run_check(
    path: Path,
    rules: CaseRules,
    as_json: bool,
    renderer: Renderer,
    out: TextIO | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> int:
    """Print the report of ``path`` (human text, or JSON) and return the exit code."""
    out = out or sys.stdout  # looked up now, not when the module was imported
    report = check_file(path, rules)
    data = report_json(report, path.name, renderer, lang)
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
    else:
        print(html.unescape(render_report(data, renderer, lang)), file=out)
    if report.file_problem is not None:
        return EXIT_BAD_FILE
    return EXIT_OK if report.ok else EXIT_ERRORS
