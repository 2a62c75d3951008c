"""Attack round: signed buttons and pending prompts replayed by people who may not use them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.campaign.schema import Campaign
from bot.engine.buttons import (
    ConfirmDelete,
    Decline,
    HandOver,
    ItemConsistent,
    ItemInconsistent,
    Recommend,
    RemoveMember,
    StartVerification,
)
from storage.models import Application
from tests.engine.test_district_flow import DISTRICTS, JIANGBEI_MEMBER, YUBEI_MEMBER, submitted
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.engine.test_expert_flow import EXPERT, OTHER_EXPERT, accepted, stored
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub, make_stub


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    stub = await make_stub(
        database_url,
        [shipped_campaign],
        BEFORE_DEADLINE,
        str(tmp_path / "files"),
        districts=DISTRICTS,
        experts=[EXPERT, OTHER_EXPERT],
    )
    yield stub
    await stub.services.close()


async def app_id(stub: Stub, number: str) -> int:
    return (await stored(stub, number)).id


async def test_an_expert_unassigned_after_the_prompt_records_nothing(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [number] = await accepted(stub, shipped_campaign)
    await stub.command(STAFF_USER, f"/assign {number} {EXPERT}", chat_id=STAFF_CHAT)
    await stub.command(EXPERT, f"/verify {number}")
    last = stub.chats[EXPERT][-1]
    consistent, inconsistent = (data for _, data in last.buttons())
    await stub.press_data(EXPERT, inconsistent)  # the prompt for the verified value is shown
    await stub.command(STAFF_USER, f"/assign {number} {OTHER_EXPERT}", chat_id=STAFF_CHAT)
    await stub.text(EXPERT, "2019")
    await stub.press_data(EXPERT, consistent)
    verification = (await stored(stub, number)).verification or {}
    first, second = verification["items"][:2]
    assert first.get("verified") in (None, ""), first
    assert second.get("consistent") is None, second


async def test_an_expert_replaying_another_experts_item_buttons_changes_nothing(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    first, _ = await accepted(stub, shipped_campaign, 2)
    await stub.command(STAFF_USER, f"/assign {first} {EXPERT}", chat_id=STAFF_CHAT)
    before = (await stored(stub, first)).verification
    codec = stub.services.deps.codec
    application = await app_id(stub, first)
    item = 0
    payloads = (
        StartVerification(application),
        ItemConsistent(application, item),
        ItemInconsistent(application, item),
    )
    for payload in payloads:
        await stub.press_data(OTHER_EXPERT, codec.encode(payload))
        await stub.text(OTHER_EXPERT, "2019")
    assert (await stored(stub, first)).verification == before


async def test_another_district_replaying_the_opinion_buttons_changes_nothing(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [(_, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    codec = stub.services.deps.codec
    application = await app_id(stub, number)
    for payload in (Recommend(application), Decline(application)):
        await stub.press_data(JIANGBEI_MEMBER, codec.encode(payload))
        await stub.text(JIANGBEI_MEMBER, "江北区的意见")
    assert (await stored(stub, number)).district_opinion is None
    # the department whose prompt it was, moved off the district meanwhile, cannot finish it either
    await stub.press_data(YUBEI_MEMBER, codec.encode(Recommend(application)))
    async with stub.services.database.unit_of_work() as session:
        row = (await session.execute(select(Application).where(Application.number == number))).scalar_one()
        row.form = {**row.form, "district": "jiangbei"}
    await stub.text(YUBEI_MEMBER, "渝北区的意见")
    assert (await stored(stub, number)).district_opinion is None


async def test_another_applicant_replaying_team_buttons_changes_nothing(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    (owner, number), (stranger, _) = await submitted(stub, shipped_campaign, ["yubei", "yubei"])
    async with stub.services.database.unit_of_work() as session:
        for row in (await session.execute(select(Application))).scalars():
            row.status = "draft"
    codec = stub.services.deps.codec
    application = await app_id(stub, number)
    await stub.press_data(stranger, codec.encode(ConfirmDelete(0, application)))
    await stub.press_data(stranger, codec.encode(HandOver(owner)))
    await stub.press_data(stranger, codec.encode(RemoveMember(owner)))
    row = await stored(stub, number)
    assert row.applicant_id == owner


async def test_someone_in_a_departments_group_who_is_not_its_member_records_nothing(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [(applicant, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    group = DISTRICTS["渝北区"]["chat_id"]
    assert isinstance(group, int)
    application = await app_id(stub, number)
    await stub.command(applicant, f"/recommend {number} 我自己推荐自己", chat_id=group)
    await stub.press_data(applicant, stub.services.deps.codec.encode(Recommend(application)), chat_id=group)
    await stub.text_in(applicant, group, "我自己推荐自己")
    await stub.command(applicant, f"/app {number}", chat_id=STAFF_CHAT)
    assert (await stored(stub, number)).district_opinion is None
    assert not any("我自己推荐自己" in m.plain or "企业01" in m.plain for m in stub.chats.get(group, []))


async def test_mydata_after_every_role_acted_names_no_reviewer(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    """Driven through the real commands (not seeded): a district opinion, a conflict declared, an
    expert's verification, a case score, the results, an objection; the applicant's /mydata names
    none of the people who acted nor what only staff may read."""
    import json

    from bot.engine.buttons import Accept
    from bot.engine.effects import SendFile
    from tests.engine.test_expert_flow import ANSWERS, FORM, check
    from tests.support.announce import confirm_announcement

    [(applicant, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    async with stub.services.database.unit_of_work() as session:
        row = (await session.execute(select(Application).where(Application.number == number))).scalar_one()
        row.answers = {**row.answers, **ANSWERS}
        row.form = {**row.form, **FORM, "district": "yubei"}
    await stub.command(YUBEI_MEMBER, f"/recommend {number} 同意推荐")
    codec = stub.services.deps.codec
    await stub.press_data(STAFF_USER, codec.encode(Accept(await app_id(stub, number))), chat_id=STAFF_CHAT)
    await stub.command(STAFF_USER, f"/assign {number} {OTHER_EXPERT}", chat_id=STAFF_CHAT)
    await stub.command(OTHER_EXPERT, f"/conflict {number} 曾为该企业提供有偿咨询服务")
    await stub.command(STAFF_USER, f"/assign {number} {EXPERT}", chat_id=STAFF_CHAT)
    await stub.command(EXPERT, f"/verify {number}")
    await check(stub, EXPERT, EXPERT, {})
    await stub.command(EXPERT, f"/casescore {number} 77")
    [preview] = await stub.command(STAFF_USER, "/announce", chat_id=STAFF_CHAT)
    await confirm_announcement(stub, preview)
    await stub.command(
        STAFF_USER, f"/objection {number} 举报人韩梅梅13700001111称数据不实", chat_id=STAFF_CHAT
    )
    await stub.command(applicant, "/mydata")
    [sent] = [e for e in stub.last_effects if isinstance(e, SendFile)]
    shown = json.dumps(json.loads(sent.data), ensure_ascii=False)
    never = [
        str(EXPERT),
        str(OTHER_EXPERT),
        str(YUBEI_MEMBER),
        str(STAFF_USER),
        "有偿咨询",
        "韩梅梅",
        "13700001111",
    ]
    assert [s for s in never if s in shown] == [], shown[:3000]
    final = await stored(stub, number)  # the flow really ran
    assert final.verification and final.verification["done_at"] and final.result and final.case_score == "77"
    assert final.district_opinion == "recommend" and '"verification"' in shown


async def on_team_of(stub: Stub, campaign: Campaign, first_contact: int, colleague: int | None = None) -> str:
    """A submitted application of 渝北区 whose first contact is ``first_contact`` (and ``colleague``)."""
    from tests.support.seed import seed_accepted

    [(_, number)] = await seed_accepted(
        stub.services.database, campaign, 1, BEFORE_DEADLINE, first_user=first_contact - 1
    )
    async with stub.services.database.unit_of_work() as session:
        row = (await session.execute(select(Application).where(Application.number == number))).scalar_one()
        row.status, row.form = "submitted", {**row.form, "district": "yubei"}
        if colleague is not None:
            from storage.models import Applicant, Member

            session.add(
                Applicant(
                    id=colleague,
                    chat_id=colleague,
                    lang="zh_CN",
                    created_at=BEFORE_DEADLINE,
                    updated_at=BEFORE_DEADLINE,
                    consent_at=BEFORE_DEADLINE,
                )
            )
            await session.flush()
            session.add(
                Member(
                    application_id=row.id,
                    applicant_id=colleague,
                    campaign_id=campaign.id,
                    name="同事",
                    invited_by=first_contact,
                    joined_at=BEFORE_DEADLINE,
                )
            )
    return number


async def test_a_department_member_cannot_give_their_own_application_its_opinion(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    number = await on_team_of(stub, shipped_campaign, YUBEI_MEMBER)
    await stub.command(YUBEI_MEMBER, f"/recommend {number} 同意推荐")
    await stub.press_data(
        YUBEI_MEMBER, stub.services.deps.codec.encode(Recommend(await app_id(stub, number)))
    )
    await stub.text(YUBEI_MEMBER, "同意推荐")
    assert (await stored(stub, number)).district_opinion is None


async def test_an_expert_on_the_team_is_not_assigned_and_cannot_verify_it(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    number = await on_team_of(stub, shipped_campaign, 30001, colleague=EXPERT)
    async with stub.services.database.unit_of_work() as session:
        row = (await session.execute(select(Application).where(Application.number == number))).scalar_one()
        row.status = "accepted"
    [refused] = await stub.command(STAFF_USER, f"/assign {number} {EXPERT}", chat_id=STAFF_CHAT)
    assert (await stored(stub, number)).expert_id is None, refused.plain
    async with stub.services.database.unit_of_work() as session:
        row = (await session.execute(select(Application).where(Application.number == number))).scalar_one()
        row.expert_id = EXPERT  # assigned before they joined the team
    await stub.command(EXPERT, f"/verify {number}")
    await stub.command(EXPERT, f"/casescore {number} 99")
    final = await stored(stub, number)
    assert final.verification is None and final.case_score is None


async def test_a_removed_colleague_cannot_rejoin_with_the_link_they_came_by(stub: Stub) -> None:
    from tests.engine.test_colleagues_flow import COLLEAGUE, invite, status
    from tests.engine.test_eligibility_flow import USER, begin

    await begin(stub)
    link = await invite(stub)
    await stub.command(COLLEAGUE, f"/start {link}")
    await stub.press(COLLEAGUE, "同意")
    [members] = await stub.command(USER, "/members")
    remove = next(data for _, data in members.buttons())
    await stub.press_data(USER, remove, members.message_id)
    await stub.command(COLLEAGUE, f"/start {link}")
    if any("同意" in label for label, _ in stub.last(COLLEAGUE).buttons()):
        await stub.press(COLLEAGUE, "同意")
    assert "CQ2022-0001" not in await status(stub, COLLEAGUE)
