"""Staff find their commands without the README: their own /help and their own command menus
(Bot API command scopes), on both frameworks."""

from __future__ import annotations

from bot.sandbox.emulator import BotApiEmulator
from handlers.applicant import routes as applicant
from handlers.staff import routes as staff_routes
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, Chat, InProcessBot
from tests.e2e.test_eligibility_e2e import USER

# The staff commands of the contract (CONTRACTS.md, "In the chat") that this branch serves.
STAFF = {
    "queue",
    "app",
    "return",
    "verify",
    "casescore",
    "ranking",
    "announce",
    "export",
    "stats",
    "extend",
    "publicity",
    "objection",
    "casebook",
    "assign",
}


def names(commands: list[dict[str, str]]) -> set[str]:
    return {c["command"] for c in commands}


async def test_staff_menus_are_scoped_to_the_staff_chats(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    menu = set(staff_routes.MENU)  # the staff role's menu in the role table
    assert STAFF | {"help"} <= menu
    assert names(emulator.get_commands(f"chat:{STAFF_CHAT}")) == menu
    assert names(emulator.get_commands(f"chat:{STAFF_CHAT}", "en")) == menu
    private = names(emulator.get_commands(f"chat:{STAFF_USER}"))
    assert STAFF | {"start", "status", "submit", "help"} <= private
    assert not STAFF & names(emulator.get_commands())  # applicants never see staff commands
    assert names(emulator.menu_for(STAFF_CHAT, STAFF_USER)) == menu
    assert names(emulator.menu_for(USER, USER)) == names(emulator.get_commands())


async def test_staff_help_in_the_group_and_in_private(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    staff, group = emulator.user(STAFF_USER, first_name="工作人员"), emulator.group(STAFF_CHAT)
    stranger = emulator.user(USER)
    emulator.send_text(stranger, "/help", chat=group)  # not staff: the group hears nothing
    emulator.send_text(staff, "/help", chat=group)
    answer = await emulator.next_message(STAFF_CHAT)
    assert "工作人员命令" in answer.plain
    for name in set(staff_routes.COMMANDS) | STAFF:
        assert f"/{name}" in answer.plain, name
    assert "/app CQ2022-0007" in answer.plain and "/return CQ2022-0007 " in answer.plain
    assert "/start" not in answer.plain

    private = Chat(emulator, STAFF_USER)
    seen = await private.send("/help")
    seen += [] if "工作人员命令" in seen[-1].plain else await private.until("工作人员命令")
    text = "\n".join(m.plain for m in seen)
    assert "/submit" in text and "/queue" in text
    assert text.index("/start") < text.index("工作人员命令")
    assert len(emulator.messages(STAFF_CHAT)) == 1

    [applicant_help] = await Chat(emulator, USER).send("/help")
    assert "工作人员命令" not in applicant_help.plain and "/queue" not in applicant_help.plain
    for name in applicant.COMMANDS:  # every applicant command is listed
        assert f"/{name}" in applicant_help.plain, name


async def test_an_empty_queue_says_so(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    staff, group = emulator.user(STAFF_USER, first_name="工作人员"), emulator.group(STAFF_CHAT)
    emulator.send_text(staff, "/queue", chat=group)
    answer = await emulator.next_message(STAFF_CHAT)
    assert "没有待审核的申报" in answer.plain and answer.button_texts() == []
    assert [(c.method, c.status, c.error) for c in emulator.calls if c.status >= 400] == []
