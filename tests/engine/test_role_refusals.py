"""A role command sent by someone who does not hold that role here gets one line saying whose
command it is (issue 30.4): city staff sending a district department's /recommend in the staff
group or in private, an applicant sending /verify; nothing in a group where the sender has no role."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.campaign.schema import Campaign
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub, make_stub

YUBEI_MEMBER, YUBEI_GROUP, EXPERT, APPLICANT, STRANGERS = 900101, -100500101, 900301, 5, -100777


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    districts = {"渝北区": {"user_ids": [YUBEI_MEMBER], "chat_id": YUBEI_GROUP}}
    files = str(tmp_path)
    made = await make_stub(
        database_url, [shipped_campaign], BEFORE_DEADLINE, files, districts=districts, experts=[EXPERT]
    )
    yield made
    await made.services.close()


@pytest.mark.parametrize("chat", [STAFF_CHAT, STAFF_USER], ids=["staff group", "staff private"])
async def test_staff_sending_a_district_command_are_told_whose_it_is(stub: Stub, chat: int) -> None:
    [reply] = await stub.command(STAFF_USER, "/recommend CQ2022-0001 同意推荐", chat_id=chat)
    assert "/recommend 是区县经信主管部门使用的命令" in reply.plain
    assert "仅供工作人员" not in reply.plain and "/help" in reply.plain


async def test_a_district_member_sending_a_staff_command_in_its_group(stub: Stub) -> None:
    [reply] = await stub.command(YUBEI_MEMBER, "/announce", chat_id=YUBEI_GROUP)
    assert "/announce 是市经信委工作人员使用的命令" in reply.plain


async def test_an_applicant_sending_verify_hears_both_roles_that_have_it(stub: Stub) -> None:
    [reply] = await stub.command(APPLICANT, "/verify CQ2022-0001")
    assert "市经信委工作人员或评审专家" in reply.plain


async def test_in_english(stub: Stub) -> None:
    await stub.command(STAFF_USER, "/lang")
    await stub.press(STAFF_USER, "English")
    [reply] = await stub.command(STAFF_USER, "/recommend CQ2022-0001 ok")
    assert "/recommend is a command for district departments" in reply.plain


async def test_nothing_in_a_group_where_the_sender_has_no_role(stub: Stub) -> None:
    assert await stub.command(APPLICANT, "/recommend CQ2022-0001 ok", chat_id=STRANGERS) == []
    assert await stub.command(STAFF_USER, "/recommend CQ2022-0001 ok", chat_id=STRANGERS) == []
