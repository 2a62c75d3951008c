"""Questions typed in the chat: answered from the notice with its clause, or sent to the contacts
(and counted for staff); a typed answer to the current step is still that step's answer."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.repositories import Repositories
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub

BEFORE_DEADLINE = datetime(2022, 8, 1, 1, 0, tzinfo=UTC)
USER = 611


async def begin(stub: Stub) -> None:
    await stub.command(USER, "/start")
    await stub.press(USER, "同意")


async def test_a_question_before_starting_is_answered_with_its_clause(stub: Stub) -> None:
    [reply] = await stub.text(USER, "截止是哪天？")
    assert "2022年8月10日" in reply.plain  # §四（二）企业申报截止时间为2022年8月10日
    assert "§四（二）" in reply.plain and "企业申报截止时间为2022年8月10日" in reply.plain
    assert "/start" in reply.plain  # the next step


async def test_a_recognition_year_outside_the_window_is_told_no(stub: Stub) -> None:
    [reply] = await stub.text(USER, "我们是2017年认定的数字化车间，能报吗？")
    assert "2018—2022年" in reply.plain and "2017年认定的不在此范围内" in reply.plain  # §二（二）
    [inside] = await stub.text(USER, "2020年认定的智能工厂可以申报吗")
    assert "2020年认定的在此范围内" in inside.plain


async def test_figures_asked_about_are_compared_with_the_notice(stub: Stub) -> None:
    [short] = await stub.text(USER, "案例写四千字够不够？")
    assert "不少于5000字" in short.plain and "4000字不够" in short.plain  # §三（二）字数不少于5000字
    [seal] = await stub.text(USER, "推荐表要盖谁的章？")
    assert "公章" in seal.plain and "法定代表人签字" in seal.plain and "附件1" in seal.plain


async def test_a_question_in_english(stub: Stub) -> None:
    await stub.command(USER, "/lang")
    await stub.press(USER, "English")
    [reply] = await stub.text(USER, "When is the deadline?")
    assert "10 August 2022" in reply.plain and "§四（二）" in reply.plain


async def test_what_the_notice_does_not_answer_goes_to_the_contacts_and_is_counted(stub: Stub) -> None:
    [reply] = await stub.text(USER, "评上了补贴多少钱？")
    assert "通知里没有写明" in reply.plain
    assert "吴鹏飞" in reply.plain and "63895239" in reply.plain and "谢明池" in reply.plain
    await stub.text(USER + 1, "评上了补贴多少钱？")
    [stats, *_] = await stub.command(STAFF_USER, "/stats", chat_id=STAFF_CHAT)
    assert "共2次" in stats.plain and "2次 · 评上了补贴多少钱？" in stats.plain
    async with stub.services.database.unit_of_work() as session:
        total, _ = await Repositories(session).unanswered.counted("cq-benchmark-2022")
    assert total == 2


async def test_plain_text_that_is_no_question_gets_the_generic_reply(stub: Stub) -> None:
    [reply] = await stub.text(USER, "好的收到")
    assert "现在没有需要输入的问题" in reply.plain


async def test_a_question_during_eligibility_is_answered_then_the_question_asked_again(stub: Stub) -> None:
    await begin(stub)
    assert "申报条件 1/11" in stub.last(USER).plain
    replies = await stub.text(USER, "案例要写多少字？")
    text = "\n".join(r.plain for r in replies)
    assert "不少于5000字" in text and "申报条件 1/11" in stub.last(USER).plain
    async with stub.services.database.unit_of_work() as session:
        application = await Repositories(session).applications.find("cq-benchmark-2022", USER)
        assert application is not None and application.answers == {}  # nothing taken as an answer


async def test_a_typed_answer_to_the_current_step_is_still_its_answer(stub: Stub) -> None:
    await begin(stub)
    await stub.press(USER, "是")
    await stub.press(USER, "是")
    await stub.press(USER, "智能工厂")
    await stub.text(USER, "截止日期智能工厂")  # a name that shares words with an FAQ question, no question
    async with stub.services.database.unit_of_work() as session:
        application = await Repositories(session).applications.find("cq-benchmark-2022", USER)
        assert application is not None
        assert application.answers.get("recognised_name") == "截止日期智能工厂"
