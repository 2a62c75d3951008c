"""Transcript tests: the recommendation form after eligibility."""

from __future__ import annotations

from storage.repositories import Repositories
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.rules.test_credit_code import credit_check, org_check
from tests.support.stub import Stub

# (how, value) for every typed field, in form order, as a person would write them.
FORM_PATH = [
    ("type", "重庆两江智能制造有限公司"),
    ("type", "重庆市渝北区金开大道99号"),
    ("type", "渝北"),
    ("press", "汽车"),
    ("type", "(credit code: see valid_credit_code)"),
    ("type", "1.2亿"),
    ("type", "-35.5"),
    ("type", "１２３"),
    ("type", "1,234.5"),  # 万美元: about 7964 万元 at 6.4515, below the revenue (plausible)
    ("type", "汽车座椅 50万套/年"),
    ("type", "李四"),
    ("type", "+86 138-0013-8000"),
]


async def eligible(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    await stub.press(USER, "开始填写推荐表")


async def stored_form(stub: Stub) -> dict:  # type: ignore[type-arg]
    async with stub.services.database.unit_of_work() as session:
        application = await Repositories(session).applications.find("cq-benchmark-2022", USER)
        assert application is not None
        return {"form": dict(application.form), "confirmed": application.form_confirmed_at is not None}


def valid_credit_code() -> str:
    """A Chongqing code (division 50…) with valid check characters, typed in lower case."""
    org8 = "MA5U0000"
    body = "91500000" + org8 + org_check(org8)
    return (body + credit_check(body)).lower()


async def test_form_from_first_field_to_confirmed_docx(stub: Stub) -> None:
    await eligible(stub)
    assert "推荐表 1/12" in stub.last(USER).plain and "企业名称" in stub.last(USER).plain
    await answer(stub, FORM_PATH[:4])
    [reply] = await stub.text(USER, valid_credit_code())  # the value confirmed above the next field
    assert reply.plain.startswith("✓ 组织机构代码") and "\n\n推荐表 6/12" in reply.plain
    await answer(stub, FORM_PATH[5:])
    summary = stub.last(USER).plain
    assert "请核对推荐表" in summary
    assert "主营业务收入：12000 万元" in summary and "实现利润：-35.5 万元" in summary
    assert "上缴税金：123 万元" in summary and "出口（万美元）：1234.5 万美元" in summary
    assert "请确认" not in "".join(m.plain for m in stub.chats[USER])  # plausible figures: no warning
    assert "所属区县：渝北区" in summary and "手机：13800138000" in summary
    assert "认定时间：2021（来自申报条件）" in summary
    await stub.press(USER, "确认无误")
    assert "我单位申报的所有材料" in stub.last(USER).plain
    await stub.press(USER, "我单位承诺")
    state = await stored_form(stub)
    assert state["confirmed"] and state["form"]["revenue"] == "12000" and state["form"]["district"] == "yubei"
    from bot.engine.effects import SendFile

    [document] = stub.last_effects[1:]  # the .docx, with what to do next as its caption, in one message
    assert (
        isinstance(document, SendFile) and document.file_name.endswith(".docx") and document.data[:2] == b"PK"
    )
    assert document.caption and "推荐表已确认" in document.caption and document.keyboard is not None


async def test_bad_values_get_a_precise_reason_and_change_nothing(stub: Stub) -> None:
    await eligible(stub)
    await answer(stub, FORM_PATH[:4])
    replies = await stub.text(USER, "914403001922038217")
    assert "校验" in replies[0].plain and "推荐表 5/12" in replies[-1].plain
    assert "org_code" not in (await stored_form(stub))["form"]
    [reply] = await stub.text(USER, "914403001922038216")
    assert reply.plain.startswith("✓ 组织机构代码") and "重庆" in reply.plain  # a warning


async def test_district_list_is_browsed_by_pages(stub: Stub) -> None:
    await eligible(stub)
    await answer(stub, FORM_PATH[:2])
    await stub.press(USER, "下一页")
    assert "巴南区" in [t for t, _ in stub.last(USER).buttons()]
    await stub.press(USER, "下一页")
    await stub.press(USER, "石柱土家族自治县")
    assert (await stored_form(stub))["form"]["district"] == "shizhu"


async def test_mobile_by_shared_contact(stub: Stub) -> None:
    await eligible(stub)
    await answer(stub, FORM_PATH[:4])
    await stub.text(USER, "914403001922038216")
    await answer(stub, FORM_PATH[5:-1])
    replies = await stub.contact(USER, "+8613900139000")
    assert replies[0].plain == "✓ 手机：13900139000"


async def test_edit_from_summary_returns_to_summary(stub: Stub) -> None:
    await eligible(stub)
    await answer(stub, FORM_PATH[:4])
    await stub.text(USER, "914403001922038216")
    await answer(stub, FORM_PATH[5:])
    await stub.press(USER, "改：企业联系人")
    replies = await stub.text(USER, "王五")
    assert "请核对推荐表" in replies[-1].plain and "企业联系人：王五" in replies[-1].plain


async def test_back_from_a_field(stub: Stub) -> None:
    await eligible(stub)
    await answer(stub, FORM_PATH[:2])
    await stub.press(USER, "上一项")
    assert "申报单位地址" in stub.last(USER).plain


async def test_form_command_before_eligibility(stub: Stub) -> None:
    [reply] = await stub.command(USER, "/form")
    assert "请先完成申报条件" in reply.plain


async def test_credit_code_pasted_as_revenue_is_kept_but_asked_to_confirm(stub: Stub) -> None:
    """Issue 16 point 3: 914403001922038216 万元 is beyond the 10,000,000 万元 ceiling."""
    await eligible(stub)
    await answer(stub, FORM_PATH[:4])
    await stub.text(USER, valid_credit_code())
    replies = await stub.text(USER, "914403001922038216")
    warning = next(m for m in replies if "请确认" in m.plain)
    assert "914403001922038216" in warning.plain and "10000000 万元" in warning.plain
    assert (await stored_form(stub))["form"]["revenue"] == "914403001922038216"  # not refused
    assert "推荐表 7/12" in replies[-1].plain  # the form goes on
    await stub.press_data(USER, next(d for t, d in warning.buttons() if "主营业务收入" in t))
    replies = await stub.text(USER, "一千二百万")  # 1200 万元, in Chinese numerals
    assert (await stored_form(stub))["form"]["revenue"] == "1200"
    assert not any("请确认" in m.plain for m in replies)


async def test_profit_above_revenue_is_repeated_before_the_summary(stub: Stub) -> None:
    await eligible(stub)
    await answer(stub, FORM_PATH[:4])
    await stub.text(USER, valid_credit_code())
    await stub.text(USER, "500")  # revenue 500 万元
    replies = await stub.text(USER, "800")  # profit 800 万元 > revenue
    assert any("超过了主营业务收入 500 万元" in m.plain for m in replies)
    await answer(stub, FORM_PATH[7:])
    assert "请核对推荐表" in stub.last(USER).plain
    warned = [m.plain for m in stub.chats[USER] if "实现利润 800 万元" in m.plain]
    assert len(warned) == 2  # when typed, and again with the summary that is to be confirmed
