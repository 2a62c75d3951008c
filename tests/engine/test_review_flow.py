"""Verification, case scores, ranking and the announcement, against the recording stub."""

from __future__ import annotations

import pytest

from bot.campaign.schema import Campaign
from storage.repositories import Repositories
from tests.support.announce import confirm_announcement
from tests.support.seed import seed_accepted
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub


async def staff(stub: Stub, text: str) -> list:  # type: ignore[type-arg]
    return await stub.command(STAFF_USER, text, chat_id=STAFF_CHAT)


async def application(stub: Stub, number: str):  # type: ignore[no-untyped-def]
    async with stub.services.database.unit_of_work() as session:
        return await Repositories(session).applications.by_number(number)


@pytest.mark.parametrize(("count", "passed"), [(4, True), (5, False), (6, False)])
async def test_verify_threshold(stub: Stub, shipped_campaign: Campaign, count: int, passed: bool) -> None:
    await seed_accepted(stub.services.database, shipped_campaign, 1, BEFORE_DEADLINE)
    [reply] = await staff(stub, f"/verify CQ2022-0001 {count} 4 4.2")
    assert ("核查通过" in reply.plain) is passed and ("核查不通过" in reply.plain) is not passed
    found = await application(stub, "CQ2022-0001")
    assert found.inconsistencies == count and found.status == "verified"
    assert (found.result == "not_passed") is not passed
    assert (found.verified_level, found.verified_score) == (4, "4.2")


async def test_verify_without_level_keeps_self_reported(stub: Stub, shipped_campaign: Campaign) -> None:
    await seed_accepted(stub.services.database, shipped_campaign, 1, BEFORE_DEADLINE)
    await staff(stub, "/verify CQ2022-0001 0")
    found = await application(stub, "CQ2022-0001")
    assert (found.verified_level, found.verified_score) == (3, "3.00")


async def test_bad_review_input_changes_nothing(stub: Stub, shipped_campaign: Campaign) -> None:
    await seed_accepted(stub.services.database, shipped_campaign, 1, BEFORE_DEADLINE)
    for command, expected in [
        ("/verify CQ2022-0001 1 2", "用法"),  # /verify <no> alone opens the item-by-item check
        ("/verify CQ2022-0001 x", "用法"),
        ("/verify CQ2022-0009 1", "没有找到"),
        ("/verify CQ2022-0001 1 9 3.2", "等级"),
        ("/casescore CQ2022-0001 101", "0"),
        ("/casescore CQ2022-0001", "用法"),
    ]:
        [reply] = await staff(stub, command)
        assert expected in reply.plain, (command, reply.plain)
    found = await application(stub, "CQ2022-0001")
    assert found.status == "accepted" and found.case_score is None
    assert await stub.command(20_001, "/verify CQ2022-0001 0", chat_id=STAFF_CHAT) == []


async def test_ranking_flags_a_tie_at_the_cutoff_and_blocks_announcing(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    made = await seed_accepted(stub.services.database, shipped_campaign, 12, BEFORE_DEADLINE)
    scores = [f"{4.5 - i / 100:.2f}" for i in range(9)] + ["4.00", "4.00", "3.90"]
    for (_, number), score in zip(made, scores, strict=True):
        await staff(stub, f"/verify {number} 0 4 {score}")
    [ranking] = await staff(stub, "/ranking")
    assert "第 10 名处出现并列：CQ2022-0010、CQ2022-0011" in ranking.plain
    [blocked] = await staff(stub, "/announce")
    assert "并列" in blocked.plain
    await staff(stub, "/casescore CQ2022-0011 90")
    await staff(stub, "/casescore CQ2022-0010 80")
    [ranking] = await staff(stub, "/ranking")
    assert "并列" not in ranking.plain


async def test_announce_preview_confirm_and_never_twice(stub: Stub, shipped_campaign: Campaign) -> None:
    made = await seed_accepted(stub.services.database, shipped_campaign, 13, BEFORE_DEADLINE)
    for i, (_, number) in enumerate(made[:12]):
        await staff(stub, f"/verify {number} {6 if i == 0 else 0} 4 {4 + i / 100:.2f}")
        await staff(stub, f"/casescore {number} {70 + i}")
    [blocked] = await staff(stub, "/announce")  # the 13th was accepted and never verified
    assert "暂不能发布" in blocked.plain and "1 份已受理的申报包未核查：CQ2022-0013" in blocked.plain
    assert blocked.buttons() == []
    [excluded] = await staff(stub, "/exclude CQ2022-0013 企业书面申请撤回")
    assert "已将 CQ2022-0013 排除" in excluded.plain
    [preview] = await staff(stub, "/announce")
    assert (
        "入选：10 家" in preview.plain
        and "未入选：1 家" in preview.plain
        and "核查未通过：1 家" in preview.plain
        and "CQ2022-0013：企业书面申请撤回" in preview.plain
    )
    async with stub.services.database.unit_of_work() as session:
        assert await Repositories(session).outbox.by_key_prefix("result:") == []
        audit = await Repositories(session).audit.of_subject("CQ2022-0013")
    assert (audit[-1].action, audit[-1].detail["reason"]) == ("exclude", "企业书面申请撤回")
    confirm = next(d for t, d in preview.buttons() if "确认发布" in t)
    [second] = await stub.press_data(STAFF_USER, confirm, chat_id=STAFF_CHAT)
    assert "2022年08月10日" in second.plain  # the notice's deadline has not passed: named, asked again
    async with stub.services.database.unit_of_work() as session:
        assert await Repositories(session).outbox.by_key_prefix("result:") == []
    early = next(d for t, d in second.buttons() if "2022-08-10" in t)
    await stub.press_data(STAFF_USER, early, chat_id=STAFF_CHAT)
    async with stub.services.database.unit_of_work() as session:
        results = await Repositories(session).outbox.by_key_prefix("result:")
    assert len(results) == 13 and len({r.chat_id for r in results}) == 13
    texts = {r.chat_id: r.payload["text"] for r in results}
    assert "恭喜" in texts[made[12 - 1][0]] and "核查中" in texts[made[0][0]]
    assert "未入选" not in texts[made[12][0]] and "未纳入本次评审结果" in texts[made[12][0]]
    [again] = await staff(stub, "/announce")
    assert "发送情况" in again.plain
    assert await stub.press_data(STAFF_USER, confirm, chat_id=STAFF_CHAT) == []
    assert stub.answers[-1].alert and "已发布结果" in (stub.answers[-1].text or "")
    async with stub.services.database.unit_of_work() as session:
        assert len(await Repositories(session).outbox.by_key_prefix("result:")) == 13


async def test_verification_and_extension_by_buttons(stub: Stub, shipped_campaign: Campaign) -> None:
    made = await seed_accepted(stub.services.database, shipped_campaign, 2, BEFORE_DEADLINE)
    [card] = await staff(stub, f"/app {made[0][1]}")
    verify = next(d for t, d in card.buttons() if "录入现场核查" in t)
    [prompt] = await stub.press_data(STAFF_USER, verify, chat_id=STAFF_CHAT)
    assert "不一致数量" in prompt.plain
    [usage] = await stub.text_in(STAFF_USER, STAFF_CHAT, "很多")
    assert "用法" in usage.plain
    await stub.press_data(STAFF_USER, verify, chat_id=STAFF_CHAT)
    [reply] = await stub.text_in(STAFF_USER, STAFF_CHAT, "5")
    assert "核查不通过" in reply.plain and (await application(stub, made[0][1])).result == "not_passed"

    [decided] = await staff(stub, f"/extend {made[0][1]} 2022-08-25")  # verified: decided
    assert "不能再延长" in decided.plain
    [card] = await staff(stub, f"/app {made[1][1]}")
    extend = next(d for t, d in card.buttons() if "延长截止时间" in t)
    [ask] = await stub.press_data(STAFF_USER, extend, chat_id=STAFF_CHAT)
    assert "新截止日期" in ask.plain
    [done] = await stub.text_in(STAFF_USER, STAFF_CHAT, "2022-08-25")
    assert "2022-08-25 23:59" in done.plain
    assert await stub.text_in(STAFF_USER, STAFF_CHAT, "no prompt is pending now") == []
    [shorter] = await staff(stub, f"/extend {made[1][1]} 2022-08-05")  # before the notice's 08-10
    assert "只能延后" in shorter.plain and "2022-08-25 23:59" in shorter.plain
    assert await stub.press_data(20_001, extend, chat_id=STAFF_CHAT) == [] and stub.answers[-1].alert


async def test_confirmed_level_two_is_not_passed_never_ranked_and_told(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    """Notice §一 (三级和集成级及以上) applies to the experts' confirmed level (§三（三）)."""
    made = await seed_accepted(stub.services.database, shipped_campaign, 2, BEFORE_DEADLINE)
    [reply] = await staff(stub, f"/verify {made[0][1]} 1 2 2.5")
    assert "不予通过" in reply.plain and "§一" in reply.plain and "三级和集成级及以上" in reply.plain
    assert (await application(stub, made[0][1])).result == "not_passed"
    await staff(stub, f"/verify {made[1][1]} 0 3 3.1")
    await staff(stub, f"/casescore {made[1][1]} 80")
    [ranking] = await staff(stub, "/ranking")  # top 10, one other candidate: places are left
    assert f"✅ {made[1][1]}" in ranking.plain and f"✅ {made[0][1]}" not in ranking.plain
    [preview] = await staff(stub, "/announce")
    assert "入选：1 家" in preview.plain and "核查未通过：1 家" in preview.plain
    await confirm_announcement(stub, preview)
    async with stub.services.database.unit_of_work() as session:
        results = await Repositories(session).outbox.by_key_prefix("result:")
    text = next(r.payload["text"] for r in results if r.chat_id == made[0][0])
    assert "未通过" in text and "二级" in text and "恭喜" not in text


async def test_status_shows_the_result_without_countdown_once_announced(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    """Issue 16 point 9: after /announce, /status says 入选 / 未入选 / 未通过, and no countdown."""
    made = await seed_accepted(stub.services.database, shipped_campaign, 3, BEFORE_DEADLINE)
    await staff(stub, f"/verify {made[0][1]} 0 4 4.2")
    await staff(stub, f"/casescore {made[0][1]} 85")
    await staff(stub, f"/verify {made[1][1]} 6 4 4.1")  # 6 inconsistencies: not passed
    await staff(stub, f"/exclude {made[2][1]} 企业撤回")  # accepted, never verified: never "未入选"
    [before] = await stub.command(made[0][0], "/status")
    assert "已完成专家核查" in before.plain and "截止" in before.plain and "结果：" not in before.plain
    [preview] = await staff(stub, "/announce")
    await confirm_announcement(stub, preview)
    expected = {made[0][0]: "结果：入选", made[1][0]: "结果：核查未通过", made[2][0]: "结果：未纳入评审结果"}
    for user, result in expected.items():
        [status] = await stub.command(user, "/status")
        assert result in status.plain and "截止" not in status.plain, status.plain
    stats = (await staff(stub, "/stats"))[0].plain
    assert "按结果" in stats and "入选：1" in stats and "未入选" not in stats and "核查未通过：1" in stats
    assert "阶段：已发布结果" in stats


async def test_a_confirmed_score_outside_its_level_band_warns_before_it_is_saved(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    """GB/T 39117: 五级 S≥4.8; a confirmed level 5 with 2.0 is a warning, saved only when insisted on."""
    made = await seed_accepted(stub.services.database, shipped_campaign, 1, BEFORE_DEADLINE)
    number = made[0][1]
    [warned] = await staff(stub, f"/verify {number} 0 5 2.0")
    assert (
        "未保存" in warned.plain
        and "4.8" in warned.plain
        and f"/verify {number} 0 5 2.0 确认" in warned.plain
    )
    assert (await application(stub, number)).status == "accepted"
    await staff(stub, f"/verify {number} 0 5 2.0 确认")
    found = await application(stub, number)
    assert found.status == "verified" and found.verified_level == 5
