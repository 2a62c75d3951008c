"""A role is data: a new one is its entry in the role table, its handlers and its templates.

The test adds an "auditor" role (a gate of its own reading its own configuration part, a command,
a button kind, a menu and a help template) without touching the router, the engine or the wiring,
and finds it routed, gated, in its members' menus and answering /help."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

import bot.services
from bot.campaign.schema import Campaign
from bot.config import Settings
from bot.engine import buttons
from bot.engine.buttons import OfApplication, button_kind
from bot.engine.effects import AnswerCallback, Reply
from bot.engine.events import Button
from bot.engine.request import Deps, Request
from bot.services import role_menus
from handlers import pending, roles
from handlers.pending import Pending
from handlers.types import Places, RoleEntry
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.support.stub import Stub, make_stub

AUDITOR, OUTSIDER = 60_001, 60_002
TEMPLATES = {
    "zh_CN": {
        "auditor/help": "审计员命令\n/tally 统计",
        "auditor/tally": "共 {{ count }} 份申报",
        "auditor/noted": "已记下：{{ note }}",
    },
    "en": {
        "auditor/help": "Auditor commands\n/tally count",
        "auditor/tally": "{{ count }} applications",
        "auditor/noted": "Noted: {{ note }}",
    },
}
LABELS = {"zh_CN": "统计", "en": "Count"}
ROLE_NAMES = {"zh_CN": "审计员", "en": "auditors"}


@dataclass(frozen=True)
class AuditDesk:
    """The auditor role's own configuration part."""

    user_ids: frozenset[int] = frozenset()


def _is_auditor(request: Request) -> bool:
    sender = request.event.sender
    return sender.is_private and sender.user_id in request.deps.part(AuditDesk).user_ids


async def on_tally(request: Request) -> None:
    count = 0
    for campaign in request.deps.campaigns.all:
        count += len(await request.repos.applications.in_campaign(campaign.id))
    request.say("auditor/tally", count=count)
    await pending.ask(request, "audit_note", 0)  # the next message in this chat is a note


async def on_note(request: Request, asked: Pending, text: str) -> bool:
    request.say("auditor/noted", note=text)
    return True


@pytest.fixture
def recount_kind() -> Iterator[type[OfApplication]]:
    @button_kind("zz")
    @dataclass(frozen=True)
    class Recount(OfApplication): ...

    yield Recount
    del buttons.KINDS["zz"]


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped templates plus the auditor's (its messages and its command's menu label)."""
    root = tmp_path / "templates"
    shutil.copytree(bot.services.TEMPLATES_DIR, root)
    for lang, texts in TEMPLATES.items():
        for name, text in texts.items():
            (root / "messages" / lang / f"{name}.j2").parent.mkdir(parents=True, exist_ok=True)
            (root / "messages" / lang / f"{name}.j2").write_text(text, encoding="utf-8")
        labels = root / "messages" / lang / "labels.j2"
        macro = f"{{% macro cmd_tally() %}}{LABELS[lang]}{{% endmacro %}}\n"
        macro += f"{{% macro role_auditor() %}}{ROLE_NAMES[lang]}{{% endmacro %}}\n"
        labels.write_text(labels.read_text(encoding="utf-8") + macro, encoding="utf-8")
    monkeypatch.setattr(bot.services, "TEMPLATES_DIR", root)
    return root


@pytest.fixture
async def stub(
    database_url: str,
    shipped_campaign: Campaign,
    tmp_path: Path,
    templates: Path,
    recount_kind: type[OfApplication],
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Stub]:
    async def on_recount(request: Request, pressed: OfApplication) -> None:
        assert isinstance(request.event, Button)
        request.answer(request.event.callback_id, "ok")
        await on_tally(request)

    def part(settings: Settings, campaigns: Sequence[Campaign]) -> AuditDesk:
        return AuditDesk(frozenset({AUDITOR}))

    def places(deps: Deps) -> Places:
        return Places(people=tuple(sorted(deps.part(AuditDesk).user_ids)))

    auditor = RoleEntry(
        name="auditor",
        gate=_is_auditor,
        commands={"tally": on_tally},
        buttons={recount_kind: on_recount},
        menu=("tally", "help"),
        places=places,
        help="auditor/help",
        replies={"audit_note": on_note},
        part=part,
    )
    monkeypatch.setattr(roles, "ROLES", [auditor, *roles.ROLES])
    made = await make_stub(database_url, [shipped_campaign], BEFORE_DEADLINE, str(tmp_path / "files"))
    yield made
    await made.services.close()


def replies(stub: Stub) -> list[str]:
    return [e.text for e in stub.last_effects if isinstance(e, Reply)]


async def test_the_new_role_is_routed_and_gated(stub: Stub, recount_kind: type[OfApplication]) -> None:
    await stub.command(AUDITOR, "/tally")
    assert replies(stub) == ["共 0 份申报"]
    await stub.command(OUTSIDER, "/tally")
    assert replies(stub) == ["/tally 是审计员使用的命令，您在这里不能使用。发送 /help 查看您可以使用的命令。"]

    data = stub.services.deps.codec.encode(recount_kind(application=1))
    await stub.press_data(AUDITOR, data, message_id=1)
    assert replies(stub) == ["共 0 份申报"]
    await stub.press_data(OUTSIDER, data, message_id=1)
    assert replies(stub) == []
    [alert] = [e for e in stub.last_effects if isinstance(e, AnswerCallback)]
    assert alert.alert and alert.text == stub.services.renderer.label("zh_CN", "staff_only")


async def test_the_new_roles_prompt_is_answered_by_its_reply_handler(stub: Stub) -> None:
    await stub.command(AUDITOR, "/tally")
    await stub.text(AUDITOR, "第三季度")
    assert replies(stub) == ["已记下：第三季度"]
    await stub.text(AUDITOR, "第四季度")  # answered once: now an ordinary message
    assert replies(stub) != ["已记下：第四季度"]


async def test_the_new_role_has_its_menu_and_its_help(stub: Stub) -> None:
    menus = {menu.chat_id: menu.menus for menu in role_menus(stub.services.renderer, stub.services.deps)}
    names = [command.command for command in menus[AUDITOR][""]]
    assert names[:2] == ["tally", "help"] and "submit" in names
    assert menus[AUDITOR]["en"][0].description == "Count"
    assert OUTSIDER not in menus

    await stub.command(AUDITOR, "/help")
    text = "\n".join(replies(stub))
    assert "审计员命令" in text and text.index("/submit") < text.index("审计员命令")
    await stub.command(OUTSIDER, "/help")
    assert "审计员命令" not in "\n".join(replies(stub))
