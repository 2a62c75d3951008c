"""The district departments (区县经信主管部门, notice §四（一）): their queue, their applications only,
the recommendation opinion and who hears of it — against the recording stub."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from bot.campaign.schema import Campaign
from bot.engine.buttons import Accept
from bot.usecases.district_notice import queue_district_notice
from bot.usecases.exports import build_exports
from bot.usecases.people import Districts
from storage.models import Application
from storage.repositories import Repositories
from tests.support.seed import seed_accepted
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub, make_stub

YUBEI_MEMBER, YUBEI_GROUP, JIANGBEI_MEMBER = 900101, -100500101, 900201
DISTRICTS = {
    "渝北区": {"user_ids": [YUBEI_MEMBER], "chat_id": YUBEI_GROUP},
    "江北区": {"user_ids": [JIANGBEI_MEMBER]},
}


async def district_stub(database_url: str, campaign: Campaign, tmp_path: Path) -> Stub:
    files = str(tmp_path / "files")
    return await make_stub(database_url, [campaign], BEFORE_DEADLINE, files, districts=DISTRICTS)


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    stub = await district_stub(database_url, shipped_campaign, tmp_path)
    yield stub
    await stub.services.close()


async def submitted(stub: Stub, campaign: Campaign, districts: list[str | None]) -> list[tuple[int, str]]:
    """Submitted applications whose forms name ``districts`` (option ids), one each."""
    made = await seed_accepted(stub.services.database, campaign, len(districts), BEFORE_DEADLINE)
    async with stub.services.database.unit_of_work() as session:
        for (user, _), district in zip(made, districts, strict=True):
            statement = select(Application).where(Application.applicant_id == user)
            application = (await session.execute(statement)).scalar_one()
            application.status = "submitted"
            application.form = {**application.form, "district": district}
    return made


async def stored(stub: Stub, number: str) -> Application:
    async with stub.services.database.unit_of_work() as session:
        application = await Repositories(session).applications.by_number(number)
    assert application is not None
    return application


async def test_queue_and_app_show_only_the_district(stub: Stub, shipped_campaign: Campaign) -> None:
    await submitted(stub, shipped_campaign, ["yubei", "jiangbei", "yubei"])
    async with stub.services.database.unit_of_work() as session:  # one 渝北 enterprise still preparing
        statement = select(Application).where(Application.number == "CQ2022-0003")
        (await session.execute(statement)).scalar_one().status = "eligible"
    [queue] = await stub.command(YUBEI_MEMBER, "/queue")
    assert "渝北区的申报" in queue.plain and "已提交（1）" in queue.plain and "填报中（1）" in queue.plain
    assert "CQ2022-0001" in queue.plain and "待推荐" in queue.plain and "CQ2022-0002" not in queue.plain
    assert queue.plain.index("CQ2022-0001") < queue.plain.index("企业03")
    [card] = await stub.command(YUBEI_MEMBER, "/app CQ2022-0001", chat_id=YUBEI_GROUP)
    assert "企业01" in card.plain and "待区县推荐" in card.plain
    [other] = await stub.command(YUBEI_MEMBER, "/app CQ2022-0002")
    [missing] = await stub.command(YUBEI_MEMBER, "/app CQ2022-0099")
    assert "企业02" not in other.plain and other.plain == missing.plain.replace("0099", "0002")
    [staff_queue] = await stub.command(STAFF_USER, "/queue", chat_id=STAFF_CHAT)
    assert "CQ2022-0002" in staff_queue.plain  # city staff see every district


async def test_recommend_is_recorded_audited_and_told(stub: Stub, shipped_campaign: Campaign) -> None:
    [(applicant, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    [done] = await stub.command(YUBEI_MEMBER, f"/recommend {number} 该企业数字化基础扎实，同意推荐。")
    assert "已记录" in done.plain and "同意推荐：该企业数字化基础扎实" in done.plain
    application = await stored(stub, number)
    assert application.district_opinion == "recommend" and application.district_opinion_by == YUBEI_MEMBER
    [card] = await stub.command(STAFF_USER, f"/app {number}", chat_id=STAFF_CHAT)
    assert "区县推荐意见（渝北区经济和信息化委员会）：同意推荐：该企业数字化基础扎实" in card.plain
    assert "渝北区同意推荐：该企业数字化基础扎实" in card.plain  # the audit history, in words
    assert "recommend" not in card.plain
    async with stub.services.database.unit_of_work() as session:
        told = await Repositories(session).outbox.by_key_prefix("opinion:")
        staff_told = await Repositories(session).outbox.by_key_prefix("opinion-staff:")
    assert [m.chat_id for m in told] == [applicant] and "同意推荐" in told[0].payload["text"]
    assert [m.chat_id for m in staff_told] == [STAFF_CHAT]


async def test_outsiders_are_refused_and_nothing_changes(stub: Stub, shipped_campaign: Campaign) -> None:
    [(applicant, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    [other_district] = await stub.command(JIANGBEI_MEMBER, f"/recommend {number} 同意")
    assert "本区县没有" in other_district.plain
    [not_staff] = await stub.command(applicant, f"/recommend {number} 同意")
    assert "区县经信主管部门使用的命令" in not_staff.plain
    assert await stub.command(YUBEI_MEMBER, f"/recommend {number} 同意", chat_id=-100999) == []
    [usage] = await stub.command(YUBEI_MEMBER, f"/decline {number}")
    assert "用法：/decline" in usage.plain
    assert (await stored(stub, number)).district_opinion is None


async def test_opinion_by_button_changes_until_accepted(stub: Stub, shipped_campaign: Campaign) -> None:
    [(_, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    await stub.command(YUBEI_MEMBER, f"/recommend {number} 同意推荐", chat_id=YUBEI_GROUP)
    [card] = await stub.command(YUBEI_MEMBER, f"/app {number}", chat_id=YUBEI_GROUP)
    decline = next(data for text, data in card.buttons() if "不推荐" in text)
    [prompt] = await stub.press_data(YUBEI_MEMBER, decline, chat_id=YUBEI_GROUP)
    assert "不推荐理由" in prompt.plain
    [changed] = await stub.text_in(YUBEI_MEMBER, YUBEI_GROUP, "近三年未见明显成效")
    assert "已更改" in changed.plain and "不同意推荐：近三年未见明显成效" in changed.plain
    application = await stored(stub, number)
    opinion = (application.district_opinion, application.district_opinion_text)
    assert opinion == ("decline", "近三年未见明显成效")
    accept = stub.services.deps.codec.encode(Accept(application.id))
    await stub.press_data(STAFF_USER, accept, chat_id=STAFF_CHAT)
    [closed] = await stub.command(YUBEI_MEMBER, f"/recommend {number} 还是推荐")
    assert "不能再填写或更改" in closed.plain
    assert (await stored(stub, number)).district_opinion == "decline"


async def test_accepting_may_wait_for_the_opinion(
    database_url: str, shipped_campaign: Campaign, tmp_path: Path
) -> None:
    review = shipped_campaign.review.model_copy(update={"accept_before_opinion": False})
    campaign = shipped_campaign.model_copy(update={"review": review})
    stub = await district_stub(database_url, campaign, tmp_path)
    try:
        [(_, number)] = await submitted(stub, campaign, ["yubei"])
        accept = stub.services.deps.codec.encode(Accept((await stored(stub, number)).id))
        await stub.press_data(STAFF_USER, accept, chat_id=STAFF_CHAT)
        assert stub.answers[-1].alert and "推荐意见" in (stub.answers[-1].text or "")
        assert (await stored(stub, number)).status == "submitted"
        await stub.command(YUBEI_MEMBER, f"/recommend {number} 同意")
        await stub.press_data(STAFF_USER, accept, chat_id=STAFF_CHAT)
        assert (await stored(stub, number)).status == "accepted"
    finally:
        await stub.services.close()


async def test_stats_and_export_sum_up_the_districts(stub: Stub, shipped_campaign: Campaign) -> None:
    made = await submitted(stub, shipped_campaign, ["yubei", "yubei", "jiangbei", None])
    async with stub.services.database.unit_of_work() as session:  # the last one has not submitted yet
        statement = select(Application).where(Application.number == made[3][1])
        found = (await session.execute(statement)).scalar_one()
        found.status, found.submitted_at = "eligible", None
    await stub.command(YUBEI_MEMBER, f"/recommend {made[0][1]} 同意推荐")
    await stub.command(YUBEI_MEMBER, f"/decline {made[1][1]} 案例数据不实")
    [stats] = await stub.command(STAFF_USER, "/stats", chat_id=STAFF_CHAT)
    assert "渝北区：2｜2｜1｜1" in stats.plain and "江北区：1｜1｜0｜0" in stats.plain
    assert "（未填区县）：1｜0｜0｜0" in stats.plain
    async with stub.services.database.unit_of_work() as session:
        deps = stub.services.deps
        [(_, data)] = await build_exports(
            Repositories(session), [shipped_campaign], deps.renderer, deps.part(Districts).all
        )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["推荐汇总表"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:7] == ["申报编号", "企业名称", "所属区县", "推荐单位", "状态", "推荐意见", "意见内容"]
    assert rows[1][:7] == [
        made[0][1],
        "企业01",
        "渝北区",
        "渝北区经济和信息化委员会",
        "已提交，待审核",
        "同意推荐",
        "同意推荐",
    ]
    assert rows[2][5:7] == ["不同意推荐", "案例数据不实"] and rows[3][5] == "待区县推荐"


async def test_a_department_without_a_group_is_told_privately_once_started(
    database_url: str, shipped_campaign: Campaign, tmp_path: Path
) -> None:
    districts = {"江北区": {"user_ids": [JIANGBEI_MEMBER, JIANGBEI_MEMBER + 1]}}
    stub = await make_stub(
        database_url, [shipped_campaign], BEFORE_DEADLINE, str(tmp_path), districts=districts
    )
    try:
        await stub.command(JIANGBEI_MEMBER, "/start")  # only this member has started the bot
        [(_, number)] = await submitted(stub, shipped_campaign, ["jiangbei"])
        async with stub.services.database.unit_of_work() as session:
            repos = Repositories(session)
            application = await repos.applications.by_number(number)
            assert application is not None
            deps = stub.services.deps
            assert await queue_district_notice(deps, repos, BEFORE_DEADLINE, shipped_campaign, application)
            assert not await queue_district_notice(
                deps, repos, BEFORE_DEADLINE, shipped_campaign, application
            )
            notices = await repos.outbox.by_key_prefix("district:")
        assert [n.chat_id for n in notices] == [JIANGBEI_MEMBER]
        assert "江北区新申报" in notices[0].payload["text"]
    finally:
        await stub.services.close()
