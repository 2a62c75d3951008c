"""Teams: an invite dies with its author's membership, only the first contact deletes the
application or removes members, and the first contact can hand the role over (/handover)."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Application, Invite
from storage.repositories import Repositories
from tests.engine.test_colleagues_flow import COLLEAGUE, STRANGER, audit_of, invite, status
from tests.engine.test_eligibility_flow import USER, begin
from tests.support.stub import Stub


async def join(stub: Stub, user: int, code: str) -> str:
    replies = await stub.command(user, f"/start {code}")
    return "\n".join(m.plain for m in replies)


async def with_colleague(stub: Stub) -> None:
    await begin(stub)
    await join(stub, COLLEAGUE, await invite(stub))
    await stub.press(COLLEAGUE, "同意")


async def test_removing_a_colleague_kills_the_invites_they_made(stub: Stub) -> None:
    await with_colleague(stub)
    their_link = await invite(stub, COLLEAGUE)  # made while on the team, not yet used
    [mine] = await stub.command(USER, "/members")
    [(_, remove)] = mine.buttons()
    await stub.press_data(USER, remove, mine.message_id)
    said = await join(stub, STRANGER, their_link)
    assert "无效" in said
    assert "CQ2022-0001" not in await status(stub, STRANGER)
    async with stub.services.database.unit_of_work() as session:
        assert not await session.scalar(
            select(func.count()).select_from(Invite).where(Invite.created_by == COLLEAGUE)
        )


async def test_an_invite_dies_with_its_authors_membership_however_it_ends(stub: Stub) -> None:
    """Even an invite the store still holds (made before revocation existed) joins nobody once its
    author is off the team."""
    await with_colleague(stub)
    their_link = await invite(stub, COLLEAGUE)
    async with stub.services.database.unit_of_work() as session:
        application = (await session.execute(select(Application))).scalar_one()
        await Repositories(session).members.remove(application.id, COLLEAGUE)  # left by any path
    assert "无效" in await join(stub, STRANGER, their_link)
    assert "CQ2022-0001" not in await status(stub, STRANGER)


async def test_only_the_first_contact_deletes_the_application(stub: Stub) -> None:
    await with_colleague(stub)
    [refused] = await stub.command(COLLEAGUE, "/delete")
    assert "只有第一联系人" in refused.plain and not refused.buttons()
    [question] = await stub.command(USER, "/delete")
    [(_, confirm)] = question.buttons()
    await stub.press_data(COLLEAGUE, confirm)  # the first contact's button, pressed by a colleague
    assert "CQ2022-0001" in await status(stub, USER)
    async with stub.services.database.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(Application)) == 1


async def test_the_first_contact_hands_the_role_over(stub: Stub) -> None:
    await with_colleague(stub)
    [refused] = await stub.command(COLLEAGUE, "/handover")
    assert "只有" in refused.plain and not refused.buttons()
    [pick] = await stub.command(USER, "/handover")
    [(label, data)] = pick.buttons()
    assert "张三" in label
    [done] = await stub.press_data(USER, data, pick.message_id)
    assert "CQ2022-0001" in done.plain
    async with stub.services.database.unit_of_work() as session:
        application = (await session.execute(select(Application))).scalar_one()
        assert application.applicant_id == COLLEAGUE
    assert (USER, "hand_over") in await audit_of(stub, "CQ2022-0001")
    # The roles are now the other way round.
    [theirs] = await stub.command(COLLEAGUE, "/members")
    [(label, _)] = theirs.buttons()
    assert "移除" in label
    [mine] = await stub.command(USER, "/delete")
    assert "只有第一联系人" in mine.plain
    await stub.press_data(USER, data, pick.message_id)  # the old button does nothing now
    assert stub.answers[-1].alert


async def test_handover_is_in_help_in_both_languages(stub: Stub) -> None:
    await begin(stub)
    [help_zh] = await stub.command(USER, "/help")
    assert "/handover" in help_zh.plain
    renderer = stub.services.deps.renderer
    assert "/handover" in renderer.render("en", "help")
