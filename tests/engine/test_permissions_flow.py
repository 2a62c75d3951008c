"""The permission table at the moment a reply arrives: a department whose application moved to
another district since the prompt was shown cannot record its opinion; only the first contact
deletes or removes colleagues."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.campaign.schema import Campaign
from bot.engine.buttons import Recommend
from storage.models import Application
from tests.engine.test_district_flow import YUBEI_GROUP, YUBEI_MEMBER, district_stub, stored, submitted
from tests.support.stub import Stub


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    made = await district_stub(database_url, shipped_campaign, tmp_path)
    yield made
    await made.services.close()


async def test_a_district_that_lost_the_application_cannot_answer_its_prompt(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [(_, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    application = await stored(stub, number)
    data = stub.services.deps.codec.encode(Recommend(application=application.id))
    [prompt] = await stub.press_data(YUBEI_MEMBER, data, message_id=1, chat_id=YUBEI_GROUP)
    assert number in prompt.plain
    async with stub.services.database.unit_of_work() as session:  # the applicant moves to 江北区
        await session.execute(
            update(Application)
            .where(Application.id == application.id)
            .values(form={**application.form, "district": "jiangbei"})
        )
    replies = await stub.text_in(YUBEI_MEMBER, YUBEI_GROUP, "同意推荐")
    refusal = stub.services.renderer.render("zh_CN", "permission/refused", number=number)
    assert [m.text for m in replies] == [refusal]
    after = await stored(stub, number)
    assert after.district_opinion is None and after.district_opinion_text is None
