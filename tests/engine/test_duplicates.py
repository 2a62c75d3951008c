"""Duplicates (issue 16 point 7): the same credit code twice in one campaign, and byte-identical
files from different enterprises, flagged to staff; the second applicant told, without any
personal data of the first."""

from __future__ import annotations

import hashlib

from bot.campaign.schema import Campaign
from storage.models import Applicant, Application
from storage.repositories import Repositories
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub

FIRST_USER, FIRST_NUMBER = 777, "CQ2022-0099"
FIRST_FORM = {"enterprise_name": "重庆先到智能装备有限公司", "contact_name": "赵六", "mobile": "13912345678"}


async def first_application(stub: Stub, code: str) -> int:
    """Another enterprise's application, already carrying ``code`` (as typed: lower case)."""
    now = BEFORE_DEADLINE
    async with stub.services.database.unit_of_work() as session:
        session.add(
            Applicant(id=FIRST_USER, chat_id=FIRST_USER, consent_at=now, created_at=now, updated_at=now)
        )
        application = Application(
            campaign_id="cq-benchmark-2022",
            applicant_id=FIRST_USER,
            status="submitted",
            number=FIRST_NUMBER,
            answers={},
            flow={},
            form={**FIRST_FORM, "org_code": code},
            created_at=now,
            updated_at=now,
        )
        session.add(application)
        await session.flush()
        return application.id


async def to_the_code_field(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    await stub.press(USER, "开始填写推荐表")
    await answer(stub, FORM_PATH[:4])


async def test_the_second_applicant_with_a_code_is_told_without_the_firsts_data(stub: Stub) -> None:
    code = valid_credit_code().upper()
    await first_application(stub, code)
    await to_the_code_field(stub)
    replies = await stub.text(USER, " " + code.lower() + "。")  # the same code, typed differently
    notice = next(m.plain for m in replies if "已经有一份" in m.plain)
    assert code in notice and "/invite" in notice and "吴鹏飞" in notice  # how to reach someone
    for private in (*FIRST_FORM.values(), FIRST_NUMBER, str(FIRST_USER)):
        assert private not in notice
    async with stub.services.database.unit_of_work() as session:
        mine = await Repositories(session).applications.find("cq-benchmark-2022", USER)
    assert mine is not None and mine.form["org_code"] == code  # kept, not refused
    [card] = await stub.command(STAFF_USER, f"/app {FIRST_NUMBER}", chat_id=STAFF_CHAT)
    assert f"与 {mine.number} 的组织机构代码相同" in card.plain


async def test_a_different_code_tells_nothing(stub: Stub) -> None:
    await first_application(stub, "914403001922038216")
    await to_the_code_field(stub)
    replies = await stub.text(USER, valid_credit_code())
    assert not any("已经有一份" in m.plain for m in replies)
    [card] = await stub.command(STAFF_USER, f"/app {FIRST_NUMBER}", chat_id=STAFF_CHAT)
    assert "疑似重复" not in card.plain


async def test_identical_files_from_two_enterprises_are_flagged(stub: Stub) -> None:
    first_id = await first_application(stub, "914403001922038216")
    await to_the_code_field(stub)
    await stub.text(USER, valid_credit_code())
    data = b"%PDF-1.4 the same scan\n"
    digest = hashlib.sha256(data).hexdigest()
    async with stub.services.database.unit_of_work() as session:
        repos = Repositories(session)
        mine = await repos.applications.find("cq-benchmark-2022", USER)
        assert mine is not None
        for application_id in (first_id, mine.id):
            await repos.uploads.add(
                application_id,
                "case",
                BEFORE_DEADLINE,
                file_name="案例.docx",
                sha256=digest,
                size=len(data),
                ok=True,
            )
    [card] = await stub.command(STAFF_USER, f"/app {mine.number}", chat_id=STAFF_CHAT)
    assert f"案例与 {FIRST_NUMBER} 上传的文件完全相同" in card.plain


async def test_the_staff_package_flags_the_same_code(stub: Stub, shipped_campaign: Campaign) -> None:
    from tests.engine.test_submit_flow import outbox, ready_package

    await first_application(stub, valid_credit_code().upper())
    await ready_package(stub, shipped_campaign)
    await stub.command(USER, "/submit")  # the package, to confirm
    [receipt] = await stub.press(USER, "确认提交")
    assert "申报已提交" in receipt.plain
    [summary] = [r for r in await outbox(stub, "package:") if r.key.endswith(":summary")]
    assert f"与 {FIRST_NUMBER} 的组织机构代码相同" in summary.payload["text"]
