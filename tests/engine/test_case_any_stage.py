"""The case-study check at any stage after consent: kept from the first draft, counted for the
package once the form is done, only checked once the application is submitted."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from storage.repositories import Repositories
from tests.case.builders import make_case
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.engine.test_submit_flow import a_pdf, outbox
from tests.support.stub import Stub


async def case_versions(stub: Stub) -> list[int]:
    async with stub.services.database.unit_of_work() as session:
        repos = Repositories(session)
        application = await repos.applications.by_number("CQ2022-0001")
        assert application is not None
        latest = await repos.uploads.latest(application.id, "case_docx")
        return list(range(1, latest.version + 1)) if latest else []


async def test_draft_sent_before_eligibility_counts_for_the_package(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    assert shipped_campaign.case is not None
    await begin(stub)
    [first] = await stub.document(USER, "初稿.docx", make_case(shipped_campaign.case, drop={5}).to_bytes())
    assert "已收到案例（第1版）" in first.plain and "缺少第五部分" in first.plain
    [second] = await stub.document(USER, "二稿.docx", make_case(shipped_campaign.case).to_bytes())
    assert "已收到案例（第2版）" in second.plain and "结构检查通过" in second.plain
    assert await case_versions(stub) == [1, 2]
    await answer(stub, ELIGIBLE_PATH)
    await stub.press(USER, "开始填写推荐表")
    await answer(stub, [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:]])
    await stub.press(USER, "确认无误")
    await stub.press(USER, "我单位承诺")
    await stub.document(USER, "推荐表.pdf", a_pdf())
    await stub.command(USER, "/submit")  # the package, to confirm
    [receipt] = await stub.press(USER, "确认提交")
    assert "申报已提交" in receipt.plain
    [case_file] = [r for r in await outbox(stub, "package:") if r.key.endswith(":case")]
    assert case_file.payload["file"]["name"] == "CQ2022-0001-案例-v2.docx"  # the second draft


async def test_after_submission_a_case_is_checked_but_not_kept(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    from tests.engine.test_submit_flow import ready_package

    assert shipped_campaign.case is not None
    await ready_package(stub, shipped_campaign)
    await stub.command(USER, "/submit")  # the package, to confirm
    await stub.press(USER, "确认提交")
    [reply] = await stub.document(USER, "新版.docx", make_case(shipped_campaign.case, drop={2}).to_bytes())
    assert "只做了结构检查，没有保存" in reply.plain and "缺少第二部分" in reply.plain
    assert await case_versions(stub) == [1]
