"""``run_check``: the body of ``python -m bot check FILE [--json]`` and its exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

from bot.campaign.schema import CaseRules
from bot.documents.case_cli import run_check
from bot.texts.render import Renderer

from .builders import make_case
from .layouts import to_strict


def _run(path: Path, rules: CaseRules, renderer: Renderer, as_json: bool) -> tuple[int, str]:
    out = io.StringIO()
    code = run_check(path, rules, as_json, renderer, out=out)
    return code, out.getvalue()


def test_exit_0_when_the_case_passes(tmp_path: Path, case_rules: CaseRules, renderer: Renderer) -> None:
    path = make_case(case_rules).save(tmp_path / "case.docx")
    code, out = _run(path, case_rules, renderer, as_json=True)
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["file"] == "case.docx"
    code, out = _run(path, case_rules, renderer, as_json=False)
    assert code == 0 and "✅" in out and "&" not in out


def test_exit_0_with_warnings_only(tmp_path: Path, case_rules: CaseRules, renderer: Renderer) -> None:
    path = make_case(case_rules, kpi_omit={"生产效率"}).save(tmp_path / "case.docx")
    code, out = _run(path, case_rules, renderer, as_json=True)
    assert code == 0 and [p["code"] for p in json.loads(out)["problems"]] == ["missing_kpi"]


def test_exit_1_when_the_case_has_errors(tmp_path: Path, case_rules: CaseRules, renderer: Renderer) -> None:
    path = make_case(case_rules, drop={2}).save(tmp_path / "case.docx")
    code, out = _run(path, case_rules, renderer, as_json=True)
    assert code == 1 and json.loads(out)["problems"][0]["code"] == "missing_section"
    code, out = _run(path, case_rules, renderer, as_json=False)
    assert code == 1 and "缺少第二部分" in out and "必须修改" in out


def test_exit_2_for_a_renamed_pdf(tmp_path: Path, case_rules: CaseRules, renderer: Renderer) -> None:
    path = tmp_path / "case.docx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    code, out = _run(path, case_rules, renderer, as_json=True)
    data = json.loads(out)
    assert code == 2 and data["ok"] is False
    problems = [(p["code"], p["severity"], p["section"]) for p in data["problems"]]
    assert problems == [("not_docx", "error", None)]
    assert len(data["sections"]) == 7 and not any(s["found"] for s in data["sections"])
    code, out = _run(path, case_rules, renderer, as_json=False)
    assert code == 2 and "PDF" in out and "另存为" in out


def test_exit_2_for_a_doc_and_a_missing_file(
    tmp_path: Path, case_rules: CaseRules, renderer: Renderer
) -> None:
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    code, out = _run(doc, case_rules, renderer, as_json=False)
    assert code == 2 and ".doc" in out
    code, out = _run(tmp_path / "nope.docx", case_rules, renderer, as_json=True)
    assert code == 2 and json.loads(out)["problems"][0]["code"] == "unreadable"
    code, out = _run(tmp_path, case_rules, renderer, as_json=True)  # a directory
    assert code == 2


def test_exit_2_for_a_zip_bomb(bomb_path: Path, case_rules: CaseRules, renderer: Renderer) -> None:
    code, out = _run(bomb_path, case_rules, renderer, as_json=True)
    assert code == 2 and json.loads(out)["problems"][0]["code"] == "unreadable"


def test_a_strict_open_xml_case_is_checked_not_refused(
    tmp_path: Path, case_rules: CaseRules, renderer: Renderer
) -> None:
    """Word's 「Strict Open XML 文档」 is a .docx: the same JSON as the Transitional file."""
    case = make_case(case_rules)
    strict = tmp_path / "strict.docx"
    strict.write_bytes(to_strict(case.to_bytes()))
    code, out = _run(strict, case_rules, renderer, as_json=True)
    plain = json.loads(_run(case.save(tmp_path / "plain.docx"), case_rules, renderer, as_json=True)[1])
    data = json.loads(out)
    assert code == 0 and data["ok"] is True
    assert data["sections"] == plain["sections"] and data["images"] == plain["images"] >= 3
