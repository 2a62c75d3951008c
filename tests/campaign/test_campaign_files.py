"""Campaign files: the shipped one validates; every kind of bad file is refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.campaign.loader import load_campaign, load_campaigns
from bot.cli import main
from bot.validation import ConfigError
from tests.conftest import SHIPPED_CAMPAIGN

SHIPPED = SHIPPED_CAMPAIGN.read_text(encoding="utf-8")


def test_shipped_campaign_is_the_2022_notice(shipped_campaign) -> None:  # type: ignore[no-untyped-def]
    c = shipped_campaign
    assert c.id == "cq-benchmark-2022"
    assert c.deadline.isoformat() == "2022-08-10T23:59:59+08:00"
    assert [q.id for q in c.questions][:2] == ["registered", "manufacturing"]
    assert c.question("not_yet_benchmark").pass_if == "no"
    assert c.question("recognised_year").min == 2018 and c.question("recognised_year").max == 2022
    assert c.question("national_level").min_level == 3
    assert c.case is not None and c.case.min_total_chars == 5000 and len(c.case.sections) == 7
    assert [s.target for s in c.case.sections] == [300, 500, 2500, 500, 500, 500, 500]
    assert c.review.fail_at_inconsistencies == 5 and c.ranking.top_n == 10
    # The notice (§三（四）) ranks by 测评等级 and 测评分数 without naming a platform: the shipped
    # file takes the Chongqing platform's (a setting, docs/campaigns.md).
    assert (c.ranking.level_question, c.ranking.score_question) == ("chongqing_level", "chongqing_score")
    # §四（二）: 联系人：吴鹏飞，63895239；谢明池，63897164；资料报送：李金玲，13594118636; 1530753727@qq.com
    assert [(p.name, p.phone.removeprefix("023-"), p.email) for p in c.contacts] == [
        ("吴鹏飞", "63895239", ""),
        ("谢明池", "63897164", ""),
        ("李金玲", "13594118636", "1530753727@qq.com"),
    ]


def test_campaign_check_command_prints_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["campaign", "check", str(SHIPPED_CAMPAIGN)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("valid: cq-benchmark-2022")
    assert "2022-08-10 23:59 Asia/Shanghai" in out and "top 10" in out


def mutate(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    assert old in SHIPPED, old
    path = tmp_path / "bad.toml"
    path.write_text(SHIPPED.replace(old, new, count), encoding="utf-8")
    return path


BAD_FILES = [
    ("wrong type", "top_n = 10", 'top_n = "ten"', "ranking.top_n"),
    ("unknown key", "top_n = 10", "top_n = 10\ntop_m = 3", "ranking.top_m: unknown key"),
    (
        "deadline without offset",
        'deadline = "2022-08-10T23:59:59+08:00"',
        'deadline = "2022-08-10T23:59:59"',
        "deadline: the deadline needs a UTC offset",
    ),
    ("duplicate question id", 'id = "manufacturing"', 'id = "registered"', "duplicate question ids"),
    ("section without key words", 'keywords = ["痛点"]', "keywords = []", "case.sections[0].keywords"),
    (
        "section without title",
        'title = "企业实施智能制造前面临的痛点"',
        "",
        "case.sections[0].title: required",
    ),
    ("toml syntax", "[review]", "[review", "TOML syntax error"),
    ("unknown time zone", 'timezone = "Asia/Shanghai"', 'timezone = "Asia/Chongqing2"', "timezone"),
    ("yes/no without pass_if", 'pass_if = "no"\n', "", "questions[5]"),
    (
        "failing question without clause",
        'clause = { ref = "§二（三）"',
        'clausx = { ref = "§二（三）"',
        "questions[5].clausx: unknown key",
    ),
    (
        "ranking platform not a level question",
        'level_question = "chongqing_level"\nscore_question',
        'level_question = "chongqing_score"\nscore_question',
        "ranking.level_question 'chongqing_score' is not a level question id",
    ),
]


@pytest.mark.parametrize(("what", "old", "new", "expected"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_campaign_file_is_refused_naming_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str, old: str, new: str, expected: str
) -> None:
    path = mutate(tmp_path, old, new)
    with pytest.raises(ConfigError) as error:
        load_campaign(path)
    assert all(line.startswith(f"{path}: ") for line in error.value.lines)
    assert any(expected in line for line in error.value.lines), error.value.lines
    assert main(["campaign", "check", str(path)]) == 2
    assert expected in capsys.readouterr().err


def test_unknown_field_type_is_refused(tmp_path: Path) -> None:
    path = mutate(tmp_path, 'type = "credit_code"', 'type = "telepathy"')
    with pytest.raises(ConfigError) as error:
        load_campaign(path)
    assert any("form.fields[4].type: unknown field type 'telepathy'" in line for line in error.value.lines)


def test_layout_naming_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = mutate(tmp_path, '["products"]', '["produce"]')
    with pytest.raises(ConfigError) as error:
        load_campaign(path)
    assert any("form: layout names unknown fields: ['produce']" in line for line in error.value.lines)


def test_duplicate_campaign_ids_across_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_campaigns([SHIPPED_CAMPAIGN, SHIPPED_CAMPAIGN])
    assert "duplicate campaign id 'cq-benchmark-2022'" in error.value.lines[0]


# Facts of the 2022 notice that must live in the campaign file, never in code.
NOTICE_LITERALS = [
    "5000",
    "2500",
    "实施步骤",
    "2022-08-10",
    "不再重复申报",
    "集成级",
    "标杆企业",
    "痛点",
    "经验总结",
    "38号",
    "CQ2022",
    "数字化车间",
    "智能工厂",
    "生产效率",
]
CODE_DIRS = ["bot", "handlers", "storage"]


def _whole(literal: str) -> str:
    """A number matches only as a whole number (95000, an API error code, is not 5000)."""
    pattern = re.escape(literal)
    return rf"(?<!\d){pattern}(?!\d)" if literal.isdigit() else pattern


def test_no_notice_fact_is_hard_wired_in_code() -> None:
    root = SHIPPED_CAMPAIGN.parents[2]
    found = []
    for folder in CODE_DIRS:
        for path in (root / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            for literal in NOTICE_LITERALS:
                if re.search(_whole(literal), source):
                    found.append(f"{path.relative_to(root)}: {literal}")
    assert found == []


def test_check_command_applies_another_campaigns_case_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from tests.case.builders import make_case
    from tests.support.second_campaign import write_second_campaign

    second = load_campaign(write_second_campaign(tmp_path))
    assert second.case is not None
    case = make_case(second.case).save(tmp_path / "case.docx")
    assert main(["check", str(case), "--json", "--campaign", str(tmp_path / f"{second.id}.toml")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [s["title"] for s in report["sections"]] == [s.title for s in second.case.sections]
    assert main(["check", str(case), "--json"]) == 1  # against the 2022 rules: sections missing
    assert "missing_section" in capsys.readouterr().out
