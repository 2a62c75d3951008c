"""Item-by-item verification (notice §三（三）) and the expert's role, against the recording stub."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from bot.campaign.schema import Campaign
from bot.engine.effects import SendFile
from bot.usecases.exports import build_exports
from storage.models import Application
from storage.repositories import Repositories
from tests.support.announce import confirm_announcement
from tests.support.seed import seed_accepted
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Message, Stub, make_stub

EXPERT, OTHER_EXPERT = 900301, 900302
# What an enterprise reported (as the form carries it from eligibility and as it was typed)
ANSWERS = {
    "recognised_name": "重庆市数字化车间（座椅总装车间）",
    "recognised_year": 2020,
    "national_level": 3,
    "national_score": "3.12",
    "chongqing_level": 3,
    "chongqing_score": "3.25",
}
FORM = {
    "revenue": "12000",
    "profit": "-35.5",
    "tax": "123",
    "export": "12345.6",
    "products": "汽车座椅 50万套/年",
}


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    files = str(tmp_path / "files")
    stub = await make_stub(
        database_url, [shipped_campaign], BEFORE_DEADLINE, files, experts=[EXPERT, OTHER_EXPERT]
    )
    yield stub
    await stub.services.close()


async def accepted(stub: Stub, campaign: Campaign, count: int = 1) -> list[str]:
    made = await seed_accepted(stub.services.database, campaign, count, BEFORE_DEADLINE)
    async with stub.services.database.unit_of_work() as session:
        for application in (await session.execute(select(Application))).scalars():
            application.answers = {**application.answers, **ANSWERS}
            application.form = {**application.form, **FORM}
    return [number for _, number in made]


async def stored(stub: Stub, number: str) -> Application:
    async with stub.services.database.unit_of_work() as session:
        found = await Repositories(session).applications.by_number(number)
    assert found is not None
    return found


async def check(stub: Stub, user: int, chat: int, verified: dict[int, str]) -> Message:
    """Answer every item: consistent, or inconsistent with the value ``verified`` gives for its
    position (1-based); returns the bot's last message."""
    last = stub.chats[chat][-1]
    position = 1
    while last.buttons() and "一致" in last.buttons()[0][0]:
        consistent, inconsistent = (data for _, data in last.buttons())
        if position in verified:
            [prompt] = await stub.press_data(user, inconsistent, chat_id=chat)
            assert "核查值" in prompt.plain
            [last] = await stub.text_in(user, chat, verified[position])
        else:
            [last] = await stub.press_data(user, consistent, chat_id=chat)
        position += 1
    return last


async def test_five_inconsistent_items_do_not_pass(stub: Stub, shipped_campaign: Campaign) -> None:
    [number] = await accepted(stub, shipped_campaign)
    [first] = await stub.command(STAFF_USER, f"/verify {number}", chat_id=STAFF_CHAT)
    assert "现场核查 1/12" in first.plain and "重庆市数字化车间（座椅总装车间）" in first.plain
    differing = {7: "1.1亿", 8: "-120", 9: "98", 10: "0", 12: "生产效率提升数据无佐证"}
    verdict = await check(stub, STAFF_USER, STAFF_CHAT, differing)
    assert "现场核查不通过：5 处" in verdict.plain
    for line in ("主营业务收入：填报 12000，核查 11000", "实现利润：填报 -35.5，核查 -120", "出口"):
        assert line in verdict.plain, verdict.plain
    assert "案例所述智能制造实施成效数据：填报 —，核查 生产效率提升数据无佐证" in verdict.plain
    application = await stored(stub, number)
    assert (application.status, application.inconsistencies, application.result) == (
        "verified",
        5,
        "not_passed",
    )
    assert application.verification is not None and application.verification["done_at"]
    [card] = await stub.command(STAFF_USER, f"/app {number}", chat_id=STAFF_CHAT)
    assert (
        "现场核查记录" in card.plain and "5 处不一致" in card.plain and "✗ 上缴税金：123 → 98" in card.plain
    )


async def test_fewer_pass_and_the_verified_level_and_score_rank(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [number] = await accepted(stub, shipped_campaign)
    await stub.command(STAFF_USER, f"/verify {number}", chat_id=STAFF_CHAT)
    verdict = await check(stub, STAFF_USER, STAFF_CHAT, {5: "四级", 6: "3.95"})
    assert "现场核查通过：2 处" in verdict.plain and "四级（优化级），3.95 分" in verdict.plain
    application = await stored(stub, number)
    assert (application.verified_level, application.verified_score, application.result) == (4, "3.95", None)


async def test_a_verified_value_the_field_refuses_is_asked_again(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [number] = await accepted(stub, shipped_campaign)
    await stub.command(STAFF_USER, f"/verify {number}", chat_id=STAFF_CHAT)
    for _ in range(2):  # the name and the year are consistent
        consistent = stub.chats[STAFF_CHAT][-1].buttons()[0][1]
        await stub.press_data(STAFF_USER, consistent, chat_id=STAFF_CHAT)
    inconsistent = stub.chats[STAFF_CHAT][-1].buttons()[1][1]
    await stub.press_data(STAFF_USER, inconsistent, chat_id=STAFF_CHAT)
    [refused] = await stub.text_in(STAFF_USER, STAFF_CHAT, "九级")
    assert "现场核查" not in refused.plain
    [moved_on] = await stub.text_in(STAFF_USER, STAFF_CHAT, "二级")
    assert "现场核查 4/12" in moved_on.plain and "1 处不一致" in moved_on.plain
    application = await stored(stub, number)
    assert (
        application.verification is not None
        and application.verification["items"][2]["verified"] == "二级（规范级）"
    )
    assert application.status == "accepted"  # nothing decided before the last item


async def test_experts_verify_only_what_is_assigned_to_them(stub: Stub, shipped_campaign: Campaign) -> None:
    first, second = await accepted(stub, shipped_campaign, 2)
    [assigned] = await stub.command(STAFF_USER, f"/assign {first} {EXPERT}", chat_id=STAFF_CHAT)
    assert f"已将 {first} 分配给专家 {EXPERT}" in assigned.plain
    async with stub.services.database.unit_of_work() as session:
        [told] = await Repositories(session).outbox.by_key_prefix("assign:")
    assert told.chat_id == EXPERT and f"/verify {first}" in told.payload["text"]
    [queue] = await stub.command(EXPERT, "/queue")
    assert first in queue.plain and second not in queue.plain
    [refused] = await stub.command(EXPERT, f"/verify {second}")
    assert "没有分配给您" in refused.plain
    [refused] = await stub.command(EXPERT, f"/casescore {second} 90")
    assert "没有分配给您" in refused.plain and (await stored(stub, second)).case_score is None
    [not_staff] = await stub.command(EXPERT, f"/return {first} 不行")
    assert "使用的命令，您在这里不能使用" in not_staff.plain
    await stub.command(EXPERT, f"/casescore {first} 88")
    assert (await stored(stub, first)).case_score == "88"
    await stub.command(EXPERT, f"/verify {first}")
    verdict = await check(stub, EXPERT, EXPERT, {})
    assert "现场核查通过：0 处" in verdict.plain
    application = await stored(stub, first)
    assert application.verification is not None and application.verification["expert"] == EXPERT


async def test_a_declared_conflict_prevents_the_assignment(stub: Stub, shipped_campaign: Campaign) -> None:
    [number] = await accepted(stub, shipped_campaign)
    await stub.command(STAFF_USER, f"/assign {number} {OTHER_EXPERT}", chat_id=STAFF_CHAT)
    [declared] = await stub.command(OTHER_EXPERT, f"/conflict {number} 曾为该企业提供咨询服务")
    assert "回避" in declared.plain and "不再分配给您" in declared.plain
    assert (await stored(stub, number)).expert_id is None
    [refused] = await stub.command(STAFF_USER, f"/assign {number} {OTHER_EXPERT}", chat_id=STAFF_CHAT)
    assert "利益关系" in refused.plain and (await stored(stub, number)).expert_id is None
    [unknown] = await stub.command(STAFF_USER, f"/assign {number} 123", chat_id=STAFF_CHAT)
    assert "不是配置的专家" in unknown.plain
    [refused] = await stub.command(OTHER_EXPERT, f"/verify {number}")
    assert "没有分配给您" in refused.plain


async def test_the_export_lists_every_verified_item(stub: Stub, shipped_campaign: Campaign) -> None:
    [number] = await accepted(stub, shipped_campaign)
    await stub.command(STAFF_USER, f"/verify {number}", chat_id=STAFF_CHAT)
    verdict = await check(stub, STAFF_USER, STAFF_CHAT, {9: "98", 11: '=HYPERLINK("http://x.example")'})
    assert "现场核查通过：2 处" in verdict.plain
    async with stub.services.database.unit_of_work() as session:
        deps = stub.services.deps
        [(_, data)] = await build_exports(Repositories(session), [shipped_campaign], deps.renderer)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["核查记录"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:6] == ["申报编号", "核查项目", "填报值", "是否一致", "核查值", "核查专家"]
    assert len(rows) == 1 + 12 and rows[1][:4] == [
        number,
        "已认定数字化车间和智能工厂名称",
        ANSWERS["recognised_name"],
        "是",
    ]
    assert rows[9][1:6] == ["上缴税金", "123", "否", "98", STAFF_USER]
    assert sheet.cell(row=12, column=5).data_type == "s"  # typed text, never a formula


async def test_a_verified_level_below_the_minimum_does_not_pass(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    first, second = await accepted(stub, shipped_campaign, 2)
    await stub.command(STAFF_USER, f"/verify {first}", chat_id=STAFF_CHAT)
    verdict = await check(stub, STAFF_USER, STAFF_CHAT, {5: "2", 6: "2.6"})  # 二级 found on site
    assert "现场核查不通过" in verdict.plain and "低于申报标准（3级及以上）" in verdict.plain
    [shortcut] = await stub.command(STAFF_USER, f"/verify {second} 1 2 2.60", chat_id=STAFF_CHAT)
    assert "不予通过" in shortcut.plain and "二级（规范级）" in shortcut.plain and "§一" in shortcut.plain
    for number in (first, second):
        application = await stored(stub, number)
        assert (application.verified_level, application.result) == (2, "not_passed")


async def test_the_applicant_gets_the_verification_record_in_mydata_once_results_are_out(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [number] = await accepted(stub, shipped_campaign)
    applicant = (await stored(stub, number)).applicant_id
    await stub.command(STAFF_USER, f"/verify {number}", chat_id=STAFF_CHAT)
    await check(stub, STAFF_USER, STAFF_CHAT, {7: "1.1亿"})

    async def mydata() -> dict:  # type: ignore[type-arg]
        await stub.command(applicant, "/mydata")
        [sent] = [e for e in stub.last_effects if isinstance(e, SendFile)]
        [application] = json.loads(sent.data)["applications"]
        return application  # type: ignore[no-any-return]

    assert "verification" not in await mydata()  # not before the results are announced
    await stub.command(STAFF_USER, f"/casescore {number} 80", chat_id=STAFF_CHAT)
    [preview] = await stub.command(STAFF_USER, "/announce", chat_id=STAFF_CHAT)
    await confirm_announcement(stub, preview)
    record = (await mydata())["verification"]
    [differing] = [item for item in record["items"] if item["consistent"] is False]
    assert differing["verified"] and record["done_at"]


async def test_an_item_marked_inconsistent_with_its_reported_value_is_asked_again(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [number] = await accepted(stub, shipped_campaign)
    await stub.command(STAFF_USER, f"/verify {number}", chat_id=STAFF_CHAT)
    first = stub.chats[STAFF_CHAT][-1]
    _, inconsistent = (data for _, data in first.buttons())
    await stub.press_data(STAFF_USER, inconsistent, chat_id=STAFF_CHAT)
    [again] = await stub.text_in(STAFF_USER, STAFF_CHAT, "重庆市数字化车间（座椅总装车间）")  # as reported
    assert "与填报值相同" in again.plain
    record = (await stored(stub, number)).verification
    assert record is not None and record["items"][0]["consistent"] is None


async def test_confirmed_national_level_two_or_a_year_outside_the_window_is_not_passed(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    """§一 holds on both platforms' confirmed levels; §二（二） on the confirmed recognition year."""
    numbers = await accepted(stub, shipped_campaign, 2)
    await stub.command(STAFF_USER, f"/verify {numbers[0]}", chat_id=STAFF_CHAT)
    done = await check(stub, STAFF_USER, STAFF_CHAT, {3: "2"})  # national platform: level 2
    assert "不通过" in done.plain and "§一" in done.plain
    assert (await stored(stub, numbers[0])).result == "not_passed"
    await stub.command(STAFF_USER, f"/verify {numbers[1]}", chat_id=STAFF_CHAT)
    done = await check(stub, STAFF_USER, STAFF_CHAT, {2: "2016"})  # recognised in 2016
    assert "不通过" in done.plain and "§二（二）" in done.plain
    assert (await stored(stub, numbers[1])).result == "not_passed"
