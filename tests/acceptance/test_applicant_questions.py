"""Independent check (issue 30 item 2): questions in applicants' own words, through the real dispatch.

Each question of ``applicant_questions.py`` is typed by an applicant in a transcript (the engine
behind the recording stub): once where no step waits (after /start), once while the form waits
for the company name. A reply is graded from its text: *answered* (it quotes the notice: 依据),
*deferred* (the notice's contacts), or neither. Right: an answer holding every expected fact, or
the contacts for a question the notice does not answer. Wrong: an answer without the facts, an
answer to a question the notice does not answer, or (mid-form) the question taken as the field's
value. The shares are printed and asserted loosely (a floor that catches a regression).
"""

from __future__ import annotations

import re
from collections import Counter

from tests.acceptance.applicant_questions import QUESTIONS, Q
from tests.support.stub import Message, Stub

APPLICANT = 7301
ANSWERED = "依据：通知"
DEFERRED = "联系人"
FORM_FIRST = "请填写：企业名称"
SWALLOWED = "✓ 企业名称："

ELIGIBLE = (
    "同意",
    "是",
    "是",
    "数字化车间",
    "=重庆某某数字化车间",
    "2020",
    "否",
    "三级",
    "=3.2",
    "三级",
    "=3.1",
    "是",
    "开始填写推荐表",
)


def grade(q: Q, replies: list[Message]) -> str:
    text = "\n".join(m.plain for m in replies)
    if SWALLOWED in text:
        return "wrong"
    if ANSWERED in text:
        if not q.expect:
            return "right" if q.also and all(re.search(p, text) for p in q.also) else "wrong"
        return "right" if all(re.search(p, text) for p in q.expect) else "wrong"
    if DEFERRED in text and not q.expect:
        return "right"
    return "missed"


async def walk_to_form(stub: Stub) -> None:
    await stub.command(APPLICANT, "/start")
    for step in ELIGIBLE:
        if step.startswith("="):
            await stub.text(APPLICANT, step[1:])
        else:
            await stub.press(APPLICANT, step)
    assert FORM_FIRST in stub.last(APPLICANT).plain


def shares(grades: list[str]) -> Counter[str]:
    return Counter(grades)


def report(title: str, asked: list[tuple[Q, str]]) -> Counter[str]:
    counts = shares([g for _, g in asked])
    print(f"\n{title}: {len(asked)} questions, {dict(counts)}")
    for q, g in asked:
        if g != "right":
            print(f"  {g:6} {q.text}")
    return counts


async def test_questions_where_no_step_waits(stub: Stub) -> None:
    await stub.command(APPLICANT, "/start")
    asked = [(q, grade(q, await stub.text(APPLICANT, q.text))) for q in QUESTIONS]
    counts = report("no step waiting", asked)
    assert counts["wrong"] <= 0.10 * len(QUESTIONS)
    assert counts["right"] >= 0.65 * len(QUESTIONS)


async def test_questions_while_the_form_waits_for_a_field(stub: Stub) -> None:
    await walk_to_form(stub)
    asked = []
    for q in QUESTIONS:
        replies = await stub.text(APPLICANT, q.text)
        asked.append((q, grade(q, replies)))
        if FORM_FIRST not in stub.last(APPLICANT).plain:  # taken as the name: back to it
            await stub.press(APPLICANT, "上一项")
        assert FORM_FIRST in stub.last(APPLICANT).plain
    counts = report("form waiting for the company name", asked)
    assert counts["wrong"] <= 0.15 * len(QUESTIONS)  # a wrong answer or the question taken as the name
    assert counts["right"] >= 0.65 * len(QUESTIONS)


async def test_a_question_the_notice_does_not_answer_is_not_stored_as_the_field(stub: Stub) -> None:
    await walk_to_form(stub)
    replies = await stub.text(APPLICANT, "公示期几天？")
    text = "\n".join(m.plain for m in replies)
    assert "63895239" in text and SWALLOWED not in text and FORM_FIRST in stub.last(APPLICANT).plain
    replies = await stub.text(APPLICANT, "入选了有啥子补贴")
    assert SWALLOWED not in "\n".join(m.plain for m in replies)
    [reply] = await stub.text(APPLICANT, "重庆某某汽车零部件有限公司")
    assert "✓ 企业名称：重庆某某汽车零部件有限公司" in reply.plain


# Real answers that carry the FAQ's words: each is the step's value, never a question.
VALUES = (
    ("重庆智能制造标杆科技有限公司", "✓ 企业名称：重庆智能制造标杆科技有限公司"),
    ("重庆市江津区几江街道鼎山大道88号", "✓ 申报单位地址：重庆市江津区几江街道鼎山大道88号"),  # 几江: a place
    ("万盛经开区", "✓ 所属区县：万盛经开区"),
    ("!汽车", "组织机构代码"),
    ("91500000MA5U7W5X0P", "✓ 组织机构代码"),
    ("12000", "✓"),
    ("1000", "✓"),
    ("500", "✓"),
    ("0", "✓"),
    ("截止阀、闸阀，年产5000台", "✓ 企业主要产品及产量：截止阀、闸阀，年产5000台"),  # 截止阀: a stop valve
)


async def test_real_values_mid_form_are_not_taken_for_questions(stub: Stub) -> None:
    await stub.command(APPLICANT, "/start")
    for step in ELIGIBLE[:4]:
        await stub.press(APPLICANT, step)
    [reply] = await stub.text(APPLICANT, "两江新区数字化车间（2019年认定）")  # the recognised name
    assert "哪一年被认定" in reply.plain and ANSWERED not in reply.plain
    for step in ELIGIBLE[5:]:
        await (stub.text(APPLICANT, step[1:]) if step.startswith("=") else stub.press(APPLICANT, step))
    for value, shown in VALUES:
        replies = await (
            stub.press(APPLICANT, value[1:]) if value.startswith("!") else stub.text(APPLICANT, value)
        )
        text = "\n".join(m.plain for m in replies)
        assert shown in text and ANSWERED not in text, text
