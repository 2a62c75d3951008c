"""The whole role table walked as those who may not: every command, every button and every kind of
awaited reply of every role, sent by an outsider and by the holder of each other role (one who does
not route the same command or button as their own), changes nothing and gets at most one refusal
line (a short alert on a button; nothing in a group). Then the object level of the permission
table: another district's department, and an expert the application is not assigned to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.campaign.schema import Campaign
from bot.engine import buttons as b
from bot.engine.effects import AnswerCallback, Edit, Reply, SendFile
from bot.usecases import pending
from handlers.roles import ROLES
from storage.models import Application, Base
from storage.repositories import Repositories
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.support.buttons import sample
from tests.support.seed import seed_accepted
from tests.support.stub import STAFF_USER, Stub, make_stub

OUTSIDER, YUBEI, JIANGBEI, EXPERT = 31_001, 31_002, 31_003, 31_004
DISTRICTS = {"渝北区": {"user_ids": [YUBEI]}, "江北区": {"user_ids": [JIANGBEI]}}
HOLDERS = {"staff": STAFF_USER, "district": YUBEI, "expert": EXPERT}  # each in their private chat
SUBMITTED = "CQ2022-0001"
ROLE_ENTRIES = [entry for entry in ROLES if entry.name != "applicant"]


def _cases(kind: str) -> list[tuple[str, str, tuple[int, ...]]]:
    """(role, route, actors) for every route of every role: every actor who may not use it."""
    cases = []
    for entry in ROLE_ENTRIES:
        routes = {
            "command": list(entry.commands),
            "button": [k.tag for k in entry.buttons],
            "reply": [*entry.replies],
        }
        for route in routes[kind]:
            actors = tuple(
                actor
                for name, actor in [("outsider", OUTSIDER), *HOLDERS.items()]
                if name != entry.name and not _routes_too(name, kind, route)
            )
            cases.append((entry.name, route, actors))
    return cases


def _routes_too(role: str, kind: str, route: str) -> bool:
    """Whether ``role`` has the same route of its own (then the holder uses theirs, allowed)."""
    entry = next((e for e in ROLE_ENTRIES if e.name == role), None)
    if entry is None:
        return False
    own = {
        "command": set(entry.commands),
        "button": {k.tag for k in entry.buttons},
        "reply": set(entry.replies),
    }
    return route in own[kind]


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    made = await make_stub(
        database_url, [shipped_campaign], BEFORE_DEADLINE, str(tmp_path / "files"), DISTRICTS, [EXPERT]
    )
    await seed_accepted(made.services.database, shipped_campaign, 1, BEFORE_DEADLINE)
    async with made.services.database.unit_of_work() as session:
        application = await Repositories(session).applications.by_number(SUBMITTED)
        assert application is not None
        await session.execute(
            update(Application)
            .where(Application.id == application.id)
            .values(status="submitted", form={**application.form, "district": "yubei"})
        )
    for actor in (OUTSIDER, YUBEI, JIANGBEI, EXPERT, STAFF_USER):
        await made.text(actor, "你好")  # everyone has talked to the bot before
    yield made
    await made.services.close()


async def snapshot(stub: Stub) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    async with stub.services.database.unit_of_work() as session:
        for table in Base.metadata.sorted_tables:
            if table.name != "processed_update":
                rows[table.name] = sorted(repr(tuple(row)) for row in await session.execute(select(table)))
    return rows


async def submitted(stub: Stub) -> Application:
    async with stub.services.database.unit_of_work() as session:
        found = await Repositories(session).applications.by_number(SUBMITTED)
    assert found is not None
    return found


def refusals(stub: Stub) -> set[str]:
    """Every line a refusal may be: a role's command not yours, staff only, not assigned, not yours to do."""
    render, label = stub.services.deps.renderer.render, stub.services.deps.renderer.label
    owners = [
        [label("zh_CN", f"role_{e.name}") for e in ROLE_ENTRIES if name in e.commands] for name in _names()
    ]
    lines = {
        render("zh_CN", "role/not_yours", command=n, owners=o) for n, o in zip(_names(), owners, strict=True)
    }
    lines |= {render("zh_CN", "staff/only"), render("zh_CN", "permission/refused", number=SUBMITTED)}
    lines |= {render("zh_CN", "expert/not_assigned", number=SUBMITTED)}
    return lines


def _names() -> list[str]:
    return sorted({name for e in ROLE_ENTRIES for name in e.commands})


def assert_one_refusal_at_most(stub: Stub) -> None:
    replies = [e for e in stub.last_effects if isinstance(e, Reply)]
    assert len(replies) <= 1, replies
    assert all(reply.text in refusals(stub) for reply in replies), replies
    for effect in stub.last_effects:
        assert not isinstance(effect, SendFile | Edit), effect
        if isinstance(effect, AnswerCallback):
            assert effect.text in (None, stub.services.deps.renderer.label("zh_CN", "staff_only")), effect


@pytest.mark.parametrize(("role", "command", "actors"), _cases("command"))
async def test_a_command_of_a_role_as_those_who_may_not(
    stub: Stub, role: str, command: str, actors: tuple[int, ...]
) -> None:
    before = await snapshot(stub)
    for actor in actors:
        await stub.command(actor, f"/{command} {SUBMITTED}")
        assert_one_refusal_at_most(stub)
    assert await snapshot(stub) == before


@pytest.mark.parametrize(("role", "tag", "actors"), _cases("button"))
async def test_a_button_of_a_role_as_those_who_may_not(
    stub: Stub, role: str, tag: str, actors: tuple[int, ...]
) -> None:
    [kind] = [k for k in b.KINDS.values() if k.tag == tag]
    data = stub.services.deps.codec.encode(sample(kind, application=(await submitted(stub)).id))
    before = await snapshot(stub)
    for actor in actors:
        await stub.press_data(actor, data, message_id=1)
        assert_one_refusal_at_most(stub)
    assert await snapshot(stub) == before


@pytest.mark.parametrize(("role", "kind", "actors"), _cases("reply"))
async def test_an_awaited_reply_of_a_role_as_those_who_may_not(
    stub: Stub, role: str, kind: str, actors: tuple[int, ...]
) -> None:
    before = await snapshot(stub)
    refusal = stub.services.renderer.render("zh_CN", "permission/refused", number=SUBMITTED)
    application_id = (await submitted(stub)).id
    for actor in actors:
        async with stub.services.database.unit_of_work() as session:  # a prompt left from a lost role
            await pending.ask(Repositories(session), pending.Pending(actor, actor, kind, application_id))
        replies = await stub.text(actor, "2022-12-31")
        assert [m.text for m in replies] == [refusal], (actor, replies)
    assert await snapshot(stub) == before  # the prompts are gone, nothing else changed


OBJECT_LEVEL = [
    (JIANGBEI, "/app", "another district's department"),
    (JIANGBEI, "/recommend", "another district's department"),
    (JIANGBEI, "/decline", "another district's department"),
    (EXPERT, "/verify", "an expert it is not assigned to"),
    (EXPERT, "/casescore", "an expert it is not assigned to"),
]


@pytest.mark.parametrize(("actor", "command", "who"), OBJECT_LEVEL)
async def test_a_command_on_an_application_not_theirs(stub: Stub, actor: int, command: str, who: str) -> None:
    before = await snapshot(stub)
    arguments = {"/casescore": " 90", "/recommend": " 同意", "/decline": " 不同意"}.get(command, "")
    replies = await stub.command(actor, f"{command} {SUBMITTED}{arguments}")
    assert len(replies) <= 1 and "同意" not in "".join(m.plain for m in replies)
    assert await snapshot(stub) == before


@pytest.mark.parametrize(
    "kind", [b.Recommend, b.Decline, b.DistrictDetails, b.StartVerification, b.ItemConsistent]
)
async def test_a_button_on_an_application_not_theirs(stub: Stub, kind: type[b.OfApplication]) -> None:
    actor = JIANGBEI if kind in (b.Recommend, b.Decline, b.DistrictDetails) else EXPERT
    data = stub.services.deps.codec.encode(sample(kind, application=(await submitted(stub)).id))
    before = await snapshot(stub)
    await stub.press_data(actor, data, message_id=1)
    assert not [e for e in stub.last_effects if isinstance(e, Reply | SendFile | Edit)], stub.last_effects
    assert await snapshot(stub) == before


def test_every_route_of_every_role_is_walked() -> None:
    for kind in ("command", "button", "reply"):
        walked = {(role, route) for role, route, actors in _cases(kind) if actors}
        for entry in ROLE_ENTRIES:
            routes = {
                "command": entry.commands,
                "button": [k.tag for k in entry.buttons],
                "reply": entry.replies,
            }
            assert {(entry.name, route) for route in routes[kind]} <= walked, (entry.name, kind)
