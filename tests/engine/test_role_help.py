"""Every role finds its commands without the README: /help and the command menu of city staff, a
district department and an expert each list that role's commands (each once), in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.campaign.schema import Campaign
from bot.services import role_menus
from handlers import roles
from handlers.district import routes as district
from handlers.expert import routes as expert
from handlers.staff import routes as staff
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub, make_stub

YUBEI_MEMBER, YUBEI_GROUP, EXPERT, APPLICANT = 900101, -100500101, 900301, 5

ROLES = {  # role: (user, chat, heading by language, its command table)
    "staff": (STAFF_USER, STAFF_CHAT, {"zh_CN": "工作人员命令", "en": "Staff commands"}, staff.COMMANDS),
    "district": (
        YUBEI_MEMBER,
        YUBEI_GROUP,
        {"zh_CN": "区县主管部门命令", "en": "District department commands"},
        district.COMMANDS,
    ),
    "expert": (EXPERT, EXPERT, {"zh_CN": "核查专家命令", "en": "Expert commands"}, expert.COMMANDS),
}


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> Stub:
    districts = {"渝北区": {"user_ids": [YUBEI_MEMBER], "chat_id": YUBEI_GROUP}}
    made = await make_stub(
        database_url,
        [shipped_campaign],
        BEFORE_DEADLINE,
        str(tmp_path),
        districts=districts,
        experts=[EXPERT],
    )
    yield made  # type: ignore[misc]
    await made.services.close()


def listed(text: str) -> list[str]:
    """The commands a help text lists, one per line, in order."""
    return re.findall(r"^/(\w+)", text, flags=re.M)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
async def test_each_role_has_its_own_help_listing_its_commands_once(stub: Stub, role: str, lang: str) -> None:
    user, chat, heading, commands = ROLES[role]
    if lang == "en":
        await stub.command(user, "/lang")
        await stub.press(user, "English")
    text = "\n".join(m.plain for m in await stub.command(user, "/help", chat_id=chat))
    before, found, own = text.partition(heading[lang])
    assert found, text
    names = listed(own)
    assert set(names) == set(commands) | {"help"}, names
    assert len([n for n in names if n != "verify"]) == len({n for n in names if n != "verify"}), names
    # in private the applicant's help comes first (they may apply there too); in a group it does not
    assert ("/submit" in before) == (chat > 0)


async def test_district_help_names_the_department(stub: Stub) -> None:
    [reply] = await stub.command(YUBEI_MEMBER, "/help", chat_id=YUBEI_GROUP)
    assert "渝北区" in reply.plain


async def test_an_applicant_gets_the_applicants_help(stub: Stub) -> None:
    [reply] = await stub.command(APPLICANT, "/help")
    assert "/submit" in reply.plain and not {"recommend", "conflict", "announce"} & set(listed(reply.plain))


def test_each_role_has_its_own_menu_in_its_chats(stub: Stub) -> None:
    menus = {m.chat_id: m.menus for m in role_menus(stub.services.renderer, stub.services.deps)}
    for role, (user, chat, _, commands) in ROLES.items():
        for where in {user, chat}:
            for language in ("", "en"):
                names = {c.command for c in menus[where][language]}
                assert set(commands) | {"help"} <= names, (role, where, names)
    assert not {c.command for c in menus[YUBEI_GROUP][""]} & {"submit", "announce", "conflict"}
    assert {c.command for c in menus[YUBEI_MEMBER][""]} >= {"recommend", "start", "submit"}
    assert set(roles.role("district").menu) == set(district.COMMANDS) | {"help"}
    assert set(roles.private_menu(roles.role("expert"))) >= set(expert.COMMANDS) | {"help"}
