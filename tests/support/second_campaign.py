"""A second campaign, different from 2022 in every way the notice could change, written as a
file by the tests: if it runs end to end, nothing of 2022 is hard-wired."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from tests.conftest import SHIPPED_CAMPAIGN

SECOND_ID = "cq-smart-2031"
EXTRA_CLAUSE = "近三年未发生重大安全、环保、质量事故"
REMOVED_FIELD = "tax"
SECTIONS = [
    ("企业概况", ["企业概况", "概况"], 500),
    ("智能化建设内容", ["建设内容"], 1500),
    ("应用成效", ["应用成效"], 600),
    ("推广价值", ["推广价值"], 400),
    ("发展规划", ["发展规划"], 400),
]


def second_campaign_data() -> dict[str, Any]:
    data = tomllib.loads(SHIPPED_CAMPAIGN.read_text(encoding="utf-8"))
    data.update(
        id=SECOND_ID,
        number_prefix="SZ2031",
        deadline="2031-09-30T23:59:59+08:00",
        name={"zh_CN": "2031年重庆市智能工厂提升行动申报", "en": "2031 Chongqing smart factory upgrade call"},
    )
    data["questions"].append(
        {
            "id": "no_accident",
            "kind": "yes_no",
            "pass_if": "yes",
            "text": {
                "zh_CN": "近三年是否未发生重大安全、环保、质量事故？",
                "en": "No major accident in three years?",
            },
            "clause": {
                "ref": "§二（四）",
                "text": {"zh_CN": EXTRA_CLAUSE, "en": "No major accident in three years."},
            },
        }
    )
    form = data["form"]
    form["fields"] = [f for f in form["fields"] if f["id"] != REMOVED_FIELD]
    form["layout"] = [[i for i in row if i != REMOVED_FIELD] for row in form["layout"]]
    plausible = form["plausibility"]
    plausible["at_most_revenue"] = [i for i in plausible["at_most_revenue"] if i != REMOVED_FIELD]
    plausible.update(ceiling_wan=5_000_000, usd_rate=7.1)
    case = data["case"]
    case.update(min_total_chars=3000, kpi_section=3, template_title="智能工厂提升案例模板")
    case["sections"] = [{"title": t, "keywords": k, "target": n} for t, k, n in SECTIONS]
    case["kpis"] = [{"name": "产能提升", "keywords": ["产能"]}, {"name": "成本下降", "keywords": ["成本"]}]
    data["review"] = {"fail_at_inconsistencies": 3}
    data["ranking"]["top_n"] = 3
    return data


def write_second_campaign(folder: Path) -> Path:
    path = folder / f"{SECOND_ID}.toml"
    path.write_bytes(tomli_w.dumps(second_campaign_data()).encode("utf-8"))
    return path
