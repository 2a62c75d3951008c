"""Applicants always know the next step: every step ends with it, /status names it, and
"continue" resumes there."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from tests.case.builders import make_case
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.engine.test_submit_flow import a_pdf
from tests.support.stub import Stub


async def next_line(stub: Stub) -> str:
    [status] = await stub.command(USER, "/status")
    lines = [line for line in status.plain.splitlines() if "下一步" in line]
    assert len(lines) == 1, status.plain
    return lines[0]


async def confirmed_form(stub: Stub) -> None:
    await begin(stub)
    assert "回答申报条件问题" in await next_line(stub)
    await answer(stub, ELIGIBLE_PATH)
    assert "推荐表" in await next_line(stub)
    await stub.press(USER, "开始填写推荐表")
    await answer(stub, [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:]])
    await stub.press(USER, "确认无误")
    await stub.press(USER, "我单位承诺")


async def test_each_step_ends_with_the_next_one(stub: Stub, shipped_campaign: Campaign) -> None:
    assert shipped_campaign.case is not None
    await confirmed_form(stub)
    assert "PDF" in await next_line(stub)

    [after_pdf] = await stub.document(USER, "推荐表（盖章）.pdf", a_pdf())
    assert "共 2 页" in after_pdf.plain and "下一步" in after_pdf.plain and "/template" in after_pdf.plain
    assert "案例" in await next_line(stub)

    short = make_case(shipped_campaign.case, scale=0.6)
    [after_bad_case] = await stub.document(USER, "案例.docx", short.to_bytes())
    assert "下一步：按提示修改案例" in after_bad_case.plain
    assert not any("提交申报" in text for text, _ in after_bad_case.buttons())

    [after_case] = await stub.document(USER, "案例.docx", make_case(shipped_campaign.case).to_bytes())
    assert "结构检查通过" in after_case.plain and "下一步" in after_case.plain
    assert [text for text, _ in after_case.buttons()] == ["📨 提交申报"]
    assert "/submit" in await next_line(stub)


async def test_continue_from_status_resumes_at_the_next_step(stub: Stub) -> None:
    await confirmed_form(stub)
    [status] = await stub.command(USER, "/status")
    [resumed] = await stub.press(USER, "继续")
    assert "PDF" in resumed.plain and "下一步" in resumed.plain
    assert "企业承诺" not in resumed.plain and "推荐表已确认" not in resumed.plain
    assert "下一步" in status.plain


async def test_status_names_the_next_step_after_submitting(stub: Stub, shipped_campaign: Campaign) -> None:
    assert shipped_campaign.case is not None
    await confirmed_form(stub)
    await stub.document(USER, "推荐表.pdf", a_pdf())
    await stub.document(USER, "案例.docx", make_case(shipped_campaign.case).to_bytes())
    [package] = await stub.press(USER, "提交申报")
    assert "请核对" in package.plain and "下一步" not in package.plain
    await stub.press(USER, "确认提交")
    assert "等待工作人员审核" in await next_line(stub)
