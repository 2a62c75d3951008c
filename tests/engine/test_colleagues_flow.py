"""Colleagues on one application, against the recording stub: the one-time invitation link,
a colleague answering, uploading and submitting, /members and removal, audit, messages to all."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.campaign.schema import Campaign
from storage.repositories import Repositories
from tests.case.builders import make_case
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.engine.test_submit_flow import a_pdf
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub

COLLEAGUE, STRANGER = 502, 503
JOIN = re.compile(r"/start (join-[A-Za-z0-9_\-]+)")


async def invite(stub: Stub, user: int = USER) -> str:
    [reply] = await stub.command(user, "/invite")
    found = JOIN.search(reply.plain)
    assert found, reply.plain
    return found.group(1)


async def status(stub: Stub, user: int) -> str:
    return "\n".join(m.plain for m in await stub.command(user, "/status"))


async def steps(stub: Stub, user: int, path: list[tuple[str, str]]) -> None:
    for how, value in path:
        await (stub.press(user, value) if how == "press" else stub.text(user, value))


async def audit_of(stub: Stub, number: str) -> list[tuple[int, str]]:
    async with stub.services.database.unit_of_work() as session:
        return [(e.actor, e.action) for e in await Repositories(session).audit.of_subject(number)]


async def outbox_keys(stub: Stub, prefix: str) -> dict[str, int]:
    async with stub.services.database.unit_of_work() as session:
        return {r.key: r.chat_id for r in await Repositories(session).outbox.by_key_prefix(prefix)}


async def test_invite_link_names_the_bot_and_works_once(stub: Stub) -> None:
    await begin(stub)
    stub.services.deps.identity.username = "shenbao_bot"
    [reply] = await stub.command(USER, "/invite")
    assert re.search(r"https://t\.me/shenbao_bot\?start=join-[A-Za-z0-9_\-]{16}", reply.plain)
    code = JOIN.search(reply.plain).group(1)  # type: ignore[union-attr]
    joined = await stub.command(COLLEAGUE, f"/start {code}")
    assert "已加入申报 CQ2022-0001" in joined[0].plain
    await stub.press(COLLEAGUE, "同意")
    assert "CQ2022-0001" in await status(stub, COLLEAGUE)
    assert list((await outbox_keys(stub, "joined:")).values()) == [USER]  # the joiner is told in reply
    [used] = await stub.command(STRANGER, f"/start {code}")
    assert "已经被使用过" in used.plain
    assert "CQ2022-0001" not in await status(stub, STRANGER)


async def test_an_expired_or_made_up_link_joins_nothing(stub: Stub) -> None:
    await begin(stub)
    code = await invite(stub)
    stub.clock.advance(timedelta(hours=48, seconds=1))
    [expired] = await stub.command(COLLEAGUE, f"/start {code}")
    assert "已过期" in expired.plain
    [made_up] = await stub.command(COLLEAGUE, "/start join-AAAAAAAAAAAAAAAA")
    assert "无效" in made_up.plain
    assert "CQ2022-0001" not in await status(stub, COLLEAGUE)


async def test_a_colleague_answers_uploads_and_submits_and_everyone_hears_the_return(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    await stub.command(COLLEAGUE, f"/start {await invite(stub)}")
    await stub.press(COLLEAGUE, "同意")
    await stub.press(COLLEAGUE, "开始填写推荐表")
    await steps(stub, COLLEAGUE, [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:]])
    await stub.press(COLLEAGUE, "确认无误")
    await stub.press(COLLEAGUE, "我单位承诺")
    await stub.document(COLLEAGUE, "推荐表.pdf", a_pdf())
    assert shipped_campaign.case is not None
    [report] = await stub.document(COLLEAGUE, "案例.docx", make_case(shipped_campaign.case).to_bytes())
    assert "结构检查通过" in report.plain
    await stub.command(COLLEAGUE, "/submit")  # the package, to confirm
    [receipt] = await stub.press(COLLEAGUE, "确认提交")
    assert "申报已提交" in receipt.plain and "CQ2022-0001" in receipt.plain
    actions = await audit_of(stub, "CQ2022-0001")
    assert (USER, "answer") in actions and (USER, "invite") in actions and (COLLEAGUE, "join") in actions
    assert {(COLLEAGUE, a) for a in ("form_field", "form_commit", "upload", "submit")} <= set(actions)

    [card] = await stub.command(STAFF_USER, "/app CQ2022-0001", chat_id=STAFF_CHAT)
    assert f"同事通过邀请链接加入 — 申报企业 张三（id {COLLEAGUE}）" in card.plain
    assert f"上传案例（第1版） — 申报企业 张三（id {COLLEAGUE}）" in card.plain

    await stub.command(STAFF_USER, "/return CQ2022-0001 请补充能源利用率数据", chat_id=STAFF_CHAT)
    told = await outbox_keys(stub, "returned:")
    assert sorted(told.values()) == [USER, COLLEAGUE]


async def test_members_and_removal_by_the_first_contact_only(stub: Stub) -> None:
    await begin(stub)
    await stub.command(COLLEAGUE, f"/start {await invite(stub)}")
    await stub.press(COLLEAGUE, "同意")
    [theirs] = await stub.command(COLLEAGUE, "/members")
    assert "第一联系人" in theirs.plain and "（您）" in theirs.plain and theirs.buttons() == []
    [mine] = await stub.command(USER, "/members")
    [(label, data)] = mine.buttons()
    assert label == "移除 张三"
    await stub.press_data(COLLEAGUE, data)  # a colleague pressing the first contact's button
    assert stub.answers[-1].alert and "只有第一联系人" in (stub.answers[-1].text or "")
    assert "CQ2022-0001" in await status(stub, COLLEAGUE)

    [after] = await stub.press_data(USER, data, mine.message_id)
    assert "还没有同事加入" in after.plain
    assert "CQ2022-0001" not in await status(stub, COLLEAGUE)
    [refused] = await stub.command(COLLEAGUE, "/submit")
    assert "CQ2022-0001" not in refused.plain
    assert (USER, "remove_member") in await audit_of(stub, "CQ2022-0001")
    assert list((await outbox_keys(stub, "removed:")).values()) == [COLLEAGUE]


async def test_someone_with_an_application_cannot_join_another_and_sees_only_their_own(stub: Stub) -> None:
    await begin(stub)
    await stub.command(STRANGER, "/start")
    await stub.press(STRANGER, "同意")
    [refused] = await stub.command(STRANGER, f"/start {await invite(stub)}")
    assert "已经有一份申报（CQ2022-0002）" in refused.plain
    seen = await status(stub, STRANGER)
    assert "CQ2022-0002" in seen and "CQ2022-0001" not in seen


async def test_reminders_reach_every_member_once(stub: Stub) -> None:
    from bot.config import ReminderSettings
    from bot.usecases.reminders import enqueue_due_reminders

    await begin(stub)
    await stub.command(COLLEAGUE, f"/start {await invite(stub)}")
    await stub.press(COLLEAGUE, "同意")
    stub.clock.set(BEFORE_DEADLINE + timedelta(days=2))  # 3 August, 09:00 in Chongqing: 7 days left
    for _ in range(2):
        async with stub.services.database.unit_of_work() as session:
            repos = Repositories(session)
            await enqueue_due_reminders(repos, stub.services.deps, ReminderSettings(), stub.clock.now())
    reminders = await outbox_keys(stub, "reminder:")
    assert sorted(reminders.values()) == [USER, COLLEAGUE]
