"""Transcript tests: the eligibility conversation against the recording stub."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.campaign.schema import Campaign
from storage.repositories import Repositories
from tests.support.stub import BEFORE_DEADLINE as BEFORE_DEADLINE  # re-exported: tests import it from here
from tests.support.stub import Stub, make_stub

USER = 501

# The answers of an eligible enterprise, as button labels or typed text, in question order.
ELIGIBLE_PATH = [
    ("press", "是"),
    ("press", "是"),
    ("press", "智能工厂"),
    ("type", "长安汽车两江智能工厂"),
    ("press", "2021"),
    ("press", "否"),
    ("press", "三级"),
    ("type", "3.25"),
    ("press", "四级"),
    ("type", "4.1"),
    ("press", "是"),
]


async def begin(stub: Stub) -> None:
    await stub.command(USER, "/start")
    await stub.press(USER, "同意")


async def answer(stub: Stub, steps: list[tuple[str, str]]) -> None:
    for how, value in steps:
        if how == "press":
            await stub.press(USER, value)
        else:
            await stub.text(USER, value)


async def application_of(stub: Stub) -> dict:  # type: ignore[type-arg]
    async with stub.services.database.unit_of_work() as session:
        application = await Repositories(session).applications.find("cq-benchmark-2022", USER)
        assert application is not None
        return {"status": application.status, "answers": dict(application.answers)}


async def test_start_greets_with_program_deadline_countdown_and_privacy(stub: Stub) -> None:
    [welcome] = await stub.command(USER, "/start")
    assert "智能制造标杆企业" in welcome.plain
    assert "2022年08月10日 23:59" in welcome.plain
    assert "距截止还有 9 天 14 小时" in welcome.plain  # 2022-08-01 09:00 +08 → 2022-08-10 23:59
    assert "隐私说明" in welcome.plain
    assert [t for t, _ in welcome.buttons()] == ["✅ 同意并开始"]


async def test_eligible_path_ends_with_summary(stub: Stub) -> None:
    await begin(stub)
    assert "申报条件 1/11" in stub.last(USER).plain
    await answer(stub, ELIGIBLE_PATH)
    summary = stub.last(USER).plain
    assert "符合申报条件" in summary
    assert "长安汽车两江智能工厂" in summary and "三级（集成级）" in summary
    state = await application_of(stub)
    assert state["status"] == "eligible"
    assert state["answers"]["national_score"] == "3.25"
    assert state["answers"]["recognised_year"] == 2021


@pytest.mark.parametrize(
    ("steps", "clause"),
    [
        (ELIGIBLE_PATH[:0] + [("press", "否")], "§二（一）"),
        (ELIGIBLE_PATH[:1] + [("press", "否")], "§二（一）"),
        (ELIGIBLE_PATH[:2] + [("press", "都没有")], "§二（二）"),
        (ELIGIBLE_PATH[:4] + [("press", "其他年份")], "§二（二）"),
        (ELIGIBLE_PATH[:4] + [("type", "2017")], "§二（二）"),
        (ELIGIBLE_PATH[:5] + [("press", "是")], "§二（三）"),
        (ELIGIBLE_PATH[:6] + [("press", "二级")], "§一"),
        (ELIGIBLE_PATH[:8] + [("press", "一级")], "§一"),
        (ELIGIBLE_PATH[:10] + [("press", "否")], "§一"),
    ],
)
async def test_each_failing_rule_quotes_its_clause(
    stub: Stub, steps: list[tuple[str, str]], clause: str
) -> None:
    await begin(stub)
    await answer(stub, steps)
    failure = stub.last(USER)
    assert "不符合申报条件" in failure.plain
    assert f"通知{clause}规定" in failure.plain
    assert [t for t, _ in failure.buttons()] == ["✏️ 修改这个回答"]
    assert (await application_of(stub))["status"] == "ineligible"
    # Notice §四（二）: 联系人：吴鹏飞，63895239；谢明池，63897164 (issue 16 point 8).
    assert "如果您认为判断有误" in failure.plain
    assert "吴鹏飞" in failure.plain and "63895239" in failure.plain
    assert "谢明池" in failure.plain and "63897164" in failure.plain


async def test_change_a_failing_answer_and_continue(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH[:5] + [("press", "是")])
    await stub.press(USER, "修改这个回答")
    assert "已获得重庆市智能制造标杆企业称号" in stub.last(USER).plain
    await answer(stub, ELIGIBLE_PATH[5:])
    assert (await application_of(stub))["status"] == "eligible"


async def test_back_goes_one_question_back_and_keeps_going(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH[:2])
    await stub.press(USER, "上一题")
    assert "申报条件 2/11" in stub.last(USER).plain
    await answer(stub, ELIGIBLE_PATH[1:])
    assert (await application_of(stub))["status"] == "eligible"


async def test_edit_from_summary_returns_to_summary(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    await stub.press(USER, "改第4题")
    await stub.text(USER, "新的智能工厂")
    assert "符合申报条件" in stub.last(USER).plain
    assert (await application_of(stub))["answers"]["recognised_name"] == "新的智能工厂"


async def test_bad_typed_score_is_explained_and_changes_nothing(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH[:7])
    [reply] = await stub.text(USER, "七点五")  # the reason and the question again, in one message
    assert reply.plain.startswith("没看懂「七点五」") and "申报条件 8/11" in reply.plain
    replies = await stub.text(USER, "7.5")
    assert "申报条件 8/11" in replies[-1].plain
    assert "national_score" not in (await application_of(stub))["answers"]


async def test_score_that_disagrees_with_level_is_a_warning_not_a_refusal(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH[:7])
    [reply] = await stub.text(USER, "4.5")
    # The same warning as the form's score field (GB/T 39117 band of 4.5: 3.8–4.8, level 4).
    assert "再核对" in reply.plain and "通常对应4级" in reply.plain
    assert reply.plain.index("通常对应4级") < reply.plain.index("申报条件 9/11")


async def test_score_below_every_band_warns_in_eligibility(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH[:7])  # level 3 on the national platform
    [reply] = await stub.text(USER, "0.5")  # below 一级's 0.8: in no band
    assert "不在任何等级的得分区间内" in reply.plain and "申报条件 9/11" in reply.plain


async def test_typed_yes_where_buttons_expected_is_understood(stub: Stub) -> None:
    await begin(stub)
    replies = await stub.text(USER, "是")
    assert "申报条件 2/11" in replies[-1].plain
    replies = await stub.text(USER, "随便说点什么")
    assert "请点击下方的按钮" in replies[0].plain


async def test_stale_and_forged_buttons_change_nothing(stub: Stub) -> None:
    await begin(stub)
    first_question = stub.last(USER)
    no_data = dict(first_question.buttons())["否"]
    await stub.press(USER, "是")
    before = await application_of(stub)
    await stub.press_data(USER, no_data, first_question.message_id)
    assert stub.answers[-1].text and "过期" in stub.answers[-1].text
    await stub.press_data(USER, no_data[:-3] + "AAA")
    assert stub.answers[-1].alert and "无效" in (stub.answers[-1].text or "")
    await stub.press_data(USER, "a:0:0:no|" + "x" * 60)
    assert await application_of(stub) == before


async def test_lang_switches_and_repeats_current_question_in_english(stub: Stub) -> None:
    await begin(stub)
    await stub.command(USER, "/lang")
    [reply] = await stub.press(USER, "English")
    assert reply.plain.startswith("Language set to English.\n\nEligibility 1/11")
    assert [t for t, _ in reply.buttons()] == ["Yes", "No"]


async def test_status_shows_progress_and_countdown(stub: Stub) -> None:
    [empty] = await stub.command(USER, "/status")
    assert "还没有开始" in empty.plain
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH[:3])
    [status] = await stub.command(USER, "/status")
    assert "申报编号 CQ2022-0001" in status.plain and "还有 8 题未答" in status.plain
    assert "推荐表：未开始填写" in status.plain and "距截止还有" in status.plain


async def test_unexpected_messages_get_a_friendly_reply(stub: Stub) -> None:
    [reply] = await stub.sticker(USER)
    assert "暂时处理不了" in reply.plain
    [reply] = await stub.command(USER, "/nonsense")
    assert "/nonsense" in reply.plain
    [reply] = await stub.text(USER, "你好")
    assert "没有需要输入的问题" in reply.plain


async def test_duplicate_update_has_no_second_effect(stub: Stub) -> None:
    await begin(stub)
    from bot.engine.events import Text

    event = Text(update_id=77, sender=stub.sender(USER), text="是")
    assert await stub.services.engine.handle(event) != []
    await stub.services.engine.performed(77)
    assert await stub.services.engine.handle(event) == []
    assert (await application_of(stub))["answers"] == {"registered": "yes"}


async def test_closed_campaign_is_not_opened(database_url: str, shipped_campaign: Campaign) -> None:
    stub = await make_stub(database_url, [shipped_campaign], datetime(2023, 1, 1, tzinfo=UTC))
    try:
        [welcome] = await stub.command(USER, "/start")
        assert "已截止" in welcome.plain and welcome.buttons() == []
    finally:
        await stub.services.close()


async def test_replies_never_sent_are_sent_by_another_instance_once_their_claimer_is_gone(stub: Stub) -> None:
    """A process that committed an update but died before sending its replies: while it lives a
    redelivery is refused as in progress (however long it takes); once it is gone another
    instance takes the stored replies over at once and sends them, once."""
    from datetime import timedelta

    from bot.engine.events import Text
    from bot.engine.runner import Engine, UpdateInProgress
    from storage.instance import Instance

    engine = stub.services.engine
    await engine.instance.keep_alive()
    await begin(stub)
    event = Text(update_id=78, sender=stub.sender(USER), text="是")
    first = await engine.handle(event)
    with pytest.raises(UpdateInProgress):
        await engine.handle(event)
    stub.clock.advance(timedelta(seconds=21))
    with pytest.raises(UpdateInProgress):
        await engine.handle(event)
    other = Engine(engine.database, engine.deps, engine.dispatch, Instance(engine.database))
    if engine.database.dialect == "postgresql":  # the claimer's lock is held: it lives
        with pytest.raises(UpdateInProgress):
            await other.handle(event)
    await engine.instance.release()  # the claimer is gone (its connection closed)
    replayed = await other.handle(event)
    assert [getattr(e, "text", None) for e in replayed] == [getattr(e, "text", None) for e in first]
    with pytest.raises(UpdateInProgress):  # taken over: now the other instance is sending them
        await other.handle(event)
    await other.performed(78)
    assert await engine.handle(event) == []
    assert await other.handle(event) == []
    assert (await application_of(stub))["answers"] == {"registered": "yes"}


@pytest.mark.parametrize("typed", ["三级", "3", "L3", "集成级"])
async def test_a_level_typed_as_the_form_accepts_it_is_accepted_at_the_question(
    stub: Stub, typed: str
) -> None:
    """The form and the eligibility question share one level parser (GB/T 39116: 三级 = 集成级)."""
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH[:6])
    replies = await stub.text(USER, typed)
    assert "申报条件 8/11" in replies[-1].plain
    assert (await application_of(stub))["answers"]["national_level"] == 3


async def test_help_names_the_notices_contacts(stub: Stub) -> None:
    [reply] = await stub.command(USER, "/help")
    # Notice §四（二）: 吴鹏飞 63895239, 谢明池 63897164; 资料报送 李金玲 13594118636, 1530753727@qq.com.
    named = ("吴鹏飞", "63895239", "谢明池", "63897164", "李金玲", "13594118636", "1530753727@qq.com")
    assert [n for n in named if n not in reply.plain] == []


@pytest.mark.parametrize(
    ("steps", "shown"),
    [
        (ELIGIBLE_PATH[:1] + [("press", "否")], "否"),
        (ELIGIBLE_PATH[:4] + [("type", "2017")], "2017"),
        (ELIGIBLE_PATH[:6] + [("press", "二级")], "二级"),
    ],
)
async def test_a_refused_answer_is_shown_as_given_below_its_question(
    stub: Stub, steps: list[tuple[str, str]], shown: str
) -> None:
    """Issue 30.4: "您的回答：" showed the question instead of the answer."""
    await begin(stub)
    await answer(stub, steps)
    failure = stub.last(USER).plain
    answered = failure.split("您的回答：", 1)[1].split("\n", 1)[0]
    assert shown in answered and "？" not in answered
    assert "问题：" in failure.split("您的回答：", 1)[0]
