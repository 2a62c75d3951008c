"""A name stored before the input boundary cleaned texts (a control character, U+FFFE, a bidi
override) still gives a /publicity list: the writers make stored text XML-safe themselves."""

from __future__ import annotations

from sqlalchemy import select

from bot.campaign.schema import Campaign
from storage.models import Application
from tests.engine.test_after_ranking_flow import announced, docx_text, files, staff
from tests.support.stub import Stub


async def test_publicity_survives_a_name_stored_before_cleaning(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    seeded = await announced(stub, shipped_campaign)
    async with stub.services.database.unit_of_work() as session:
        statement = select(Application).where(Application.number == seeded[0].number)
        application = (await session.execute(statement)).scalar_one()
        application.form = {
            **application.form,
            "enterprise_name": "重庆\x0b旧数据\ufffe智能\u202e制造有限公司",
        }
    await staff(stub, "/publicity")
    word = docx_text(files(stub)["公示名单-cq-benchmark-2022.docx"])
    assert "重庆旧数据智能制造有限公司" in word
