"""The district's recorded opinion in the 推荐意见 box of the filled form, over its department's name."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document

from bot.campaign.schema import Campaign
from bot.documents.form_docx import build_form_docx
from bot.texts.render import Renderer
from bot.usecases.district_notice import printed_recommendation
from bot.usecases.districts import District
from storage.models import Application
from tests.documents.test_form_docx import COMMITMENT_LABEL, SAMPLE, distinct, main_table

# 2022-08-05 09:30 in Chongqing is 01:30 UTC: the date printed is the local one
OPINION_AT = datetime(2022, 8, 5, 1, 30, tzinfo=UTC)


def application(opinion: str | None, text: str | None) -> Application:
    return Application(
        form={"district": "yubei"},
        answers={},
        district_opinion=opinion,
        district_opinion_text=text,
        district_opinion_at=OPINION_AT if opinion else None,
    )


def recommendation_box(campaign: Campaign, renderer: Renderer, found: Application, districts=()):  # type: ignore[no-untyped-def]
    assert campaign.form is not None
    printed = printed_recommendation(renderer, districts, campaign, found)
    data = build_form_docx(campaign.form, SAMPLE, commitment_label=COMMITMENT_LABEL, recommendation=printed)
    row = main_table(Document(io.BytesIO(data))).rows[len(campaign.form.layout) + 1]
    return [p.text for p in distinct(row.cells)[1].paragraphs]


def test_a_recorded_recommendation_is_printed_with_the_department(
    shipped_campaign: Campaign, renderer: Renderer
) -> None:
    box = recommendation_box(
        shipped_campaign, renderer, application("recommend", "该企业智能化水平高 & 成效显著")
    )
    assert box[0] == "同意推荐。该企业智能化水平高 & 成效显著"
    assert "渝北区经济和信息化委员会（盖章）" in box and "2022年8月5日" in box
    assert box.index("渝北区经济和信息化委员会（盖章）") < box.index("2022年8月5日")


def test_a_decline_and_a_department_named_in_the_config(
    shipped_campaign: Campaign, renderer: Renderer
) -> None:
    named = (District("渝北区", frozenset({1}), department="重庆市渝北区经济和信息化委员会"),)
    box = recommendation_box(shipped_campaign, renderer, application("decline", "成效数据不足"), named)
    assert box[0] == "不同意推荐。成效数据不足" and "重庆市渝北区经济和信息化委员会（盖章）" in box


def test_no_opinion_leaves_the_box_for_pen_and_stamp(shipped_campaign: Campaign, renderer: Renderer) -> None:
    assert shipped_campaign.form is not None
    box = recommendation_box(shipped_campaign, renderer, application(None, None))
    printed = "\n".join(box)  # no department given here: room to write it in, then the seal
    assert printed.startswith("\u3000") and "（盖章）" in printed and "{department}" not in printed
    assert not any("同意推荐" in line for line in box)
