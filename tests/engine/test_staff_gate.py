"""The staff gate: every staff command and every staff button, with arguments and signed data
that would act for staff in the staff chat, is refused — changing nothing, sending no file,
revealing nothing — for a non-staff user in private, a non-staff member of the staff group, and
a staff member in a group that is not the staff chat."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.campaign.schema import Campaign
from bot.engine.effects import AnswerCallback, Edit, Reply, SendFile
from handlers.roles import ROLES
from handlers.staff.routes import BUTTONS, COMMANDS
from storage.models import Application, Base
from tests.support.buttons import sample
from tests.support.seed import seed_verified
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub

OUTSIDER = 30_001
FOREIGN_GROUP = -100_777
ACTORS = {
    "outsider in private": (OUTSIDER, OUTSIDER),
    "outsider in the staff group": (OUTSIDER, STAFF_CHAT),
    "staff in a foreign group": (STAFF_USER, FOREIGN_GROUP),
}
SUBMITTED = "CQ2022-0012"
ARGS = {
    "extend": f"{SUBMITTED} 2022-12-31",
    "app": SUBMITTED,
    "return": f"{SUBMITTED} 请补充盖章页",
    "verify": "CQ2022-0001 0 4 4.2",
    "casescore": "CQ2022-0001 90",
}


@pytest.fixture
async def stub(stub: Stub, shipped_campaign: Campaign) -> Stub:
    """The shared stub with twelve verified applications, one of them submitted."""
    await seed_verified(stub.services.database, shipped_campaign, 12, BEFORE_DEADLINE)
    async with stub.services.database.unit_of_work() as session:
        await session.execute(
            update(Application).where(Application.number == SUBMITTED).values(status="submitted")
        )
    await stub.text(OUTSIDER, "你好")  # the outsider is an applicant of the bot like anyone
    return stub


async def snapshot(stub: Stub) -> dict[str, list[str]]:
    """Every row of every table but the update log, as text."""
    rows: dict[str, list[str]] = {}
    async with stub.services.database.unit_of_work() as session:
        for table in Base.metadata.sorted_tables:
            if table.name != "processed_update":
                result = await session.execute(select(table))
                rows[table.name] = sorted(repr(tuple(row)) for row in result)
    return rows


async def submitted_id(stub: Stub) -> int:
    async with stub.services.database.unit_of_work() as session:
        found = await session.scalar(select(Application.id).where(Application.number == SUBMITTED))
    assert found is not None
    return found


def button_data(stub: Stub, action: str, application_id: int) -> str:
    """Signed data of the staff button tagged ``action``, naming the first campaign or the
    submitted application."""
    [kind] = [k for k in BUTTONS if k.tag == action]
    return stub.services.deps.codec.encode(sample(kind, application=application_id))


def assert_reveals_nothing(stub: Stub, chat_id: int, command: str = "") -> None:
    """At most the one-line refusal (private; for a command, the line naming whose command it is)
    or the refusal alert (a button); never a file."""
    render = stub.services.deps.renderer.render
    label = stub.services.deps.renderer.label
    owners = [
        label("zh_CN", f"role_{e.name}") for e in ROLES if e.name != "applicant" and command in e.commands
    ]
    refusal = render("zh_CN", "role/not_yours", command=command, owners=owners) if command else None
    alert = stub.services.deps.renderer.label("zh_CN", "staff_only")
    for effect in stub.last_effects:
        assert not isinstance(effect, SendFile | Edit), effect
        if isinstance(effect, Reply):
            assert chat_id > 0 and effect.text in (refusal, render("zh_CN", "staff/only")), effect
        if isinstance(effect, AnswerCallback):
            assert effect.text in (None, alert), effect


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
async def test_staff_command_refused(stub: Stub, actor: str, command: str) -> None:
    user, chat = ACTORS[actor]
    before = await snapshot(stub)
    await stub.command(user, f"/{command} {ARGS.get(command, '')}".strip(), chat_id=chat)
    assert_reveals_nothing(stub, chat, command)
    assert await snapshot(stub) == before


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", sorted(k.tag for k in BUTTONS))
async def test_staff_button_refused(stub: Stub, actor: str, action: str) -> None:
    user, chat = ACTORS[actor]
    data = button_data(stub, action, await submitted_id(stub))
    before = await snapshot(stub)
    await stub.press_data(user, data, message_id=1, chat_id=chat)
    assert_reveals_nothing(stub, chat)
    assert await snapshot(stub) == before


@pytest.mark.parametrize("command", ["export", "app", "verify", "return"])
async def test_the_same_command_acts_for_staff_in_the_staff_chat(stub: Stub, command: str) -> None:
    """The control: what is refused above does act where staff may use it."""
    before = await snapshot(stub)
    await stub.command(STAFF_USER, f"/{command} {ARGS.get(command, '')}".strip(), chat_id=STAFF_CHAT)
    acted = any(isinstance(e, SendFile) for e in stub.last_effects) or await snapshot(stub) != before
    shown = any(isinstance(e, Reply) and SUBMITTED in e.text for e in stub.last_effects)
    assert acted or shown, stub.last_effects


@pytest.mark.parametrize("action", ["sa", "rx", "sx"])
async def test_the_same_button_acts_for_staff_in_the_staff_chat(stub: Stub, action: str) -> None:
    data = button_data(stub, action, await submitted_id(stub))
    before = await snapshot(stub)
    await stub.press_data(STAFF_USER, data, message_id=1, chat_id=STAFF_CHAT)
    acted = any(isinstance(e, SendFile | Reply) for e in stub.last_effects) or await snapshot(stub) != before
    assert acted, stub.last_effects
