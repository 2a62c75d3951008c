"""The eligibility journey over real HTTP, on python-telegram-bot and on aiogram."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox.emulator import BotApiEmulator
from handlers.roles import applicant_menu
from tests.e2e.harness import TOKEN, BotProcess, Chat, InProcessBot

USER = 7001

# (how, value, messages the bot sends in reply) for an eligible enterprise.
ELIGIBLE = [
    ("press", "是"),
    ("press", "是"),
    ("press", "智能工厂"),
    ("type", "两江智能工厂"),
    ("press", "2021"),
    ("press", "否"),
    ("press", "三级"),
    ("type", "3.3"),
    ("press", "三级"),
    ("type", "3.5"),
    ("press", "是"),
]


async def start(chat: Chat) -> None:
    [welcome] = await chat.send("/start")
    assert "智能制造标杆企业" in welcome.plain and "距截止还有" in welcome.plain
    await chat.press("同意")


async def answer(chat: Chat, steps: list[tuple[str, str]]) -> None:
    for how, value in steps:
        if how == "press":
            await chat.press(value)
        else:
            await chat.send(value)


async def test_eligible_path(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    chat = Chat(emulator, USER)
    await start(chat)
    assert "申报条件 1/11" in chat.last().plain
    await answer(chat, ELIGIBLE)
    assert "符合申报条件" in chat.last().plain and "两江智能工厂" in chat.last().plain
    assert {c["command"] for c in emulator.get_commands()} == set(applicant_menu())
    assert len(emulator.callback_answers) == len([s for s in ELIGIBLE if s[0] == "press"]) + 1


async def test_failing_rule_quotes_clause_and_answer_can_be_changed(
    bot: InProcessBot, emulator: BotApiEmulator
) -> None:
    """Over real HTTP, the deepest failing path (typed and pressed answers); every rule and its
    clause is the transcript test's (tests/engine/test_eligibility_flow.py)."""
    steps, clause = [*ELIGIBLE[:10], ("press", "否")], "§一"
    chat = Chat(emulator, USER)
    await start(chat)
    await answer(chat, steps)
    assert f"通知{clause}规定" in chat.last().plain
    [again] = await chat.press("修改这个回答")
    assert f"申报条件 {len(steps)}/11" in again.plain


async def test_lang_switch(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    chat = Chat(emulator, USER)
    await start(chat)
    await chat.send("/lang")
    [reply] = await chat.press("English")  # the confirmation above the question, in one message
    assert reply.plain.startswith("Language set to English.\n\nEligibility 1/11")
    assert reply.button_texts() == ["Yes", "No"]


async def test_duplicated_update_has_no_second_effect(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    chat = Chat(emulator, USER)
    await start(chat)
    update = emulator.send_text(chat.user, "是")
    await chat.replies(1)
    count = len(emulator.messages(USER))
    emulator.redeliver(update["update_id"])
    await emulator.wait_idle(USER, quiet=0.5)
    assert len(emulator.messages(USER)) == count
    assert "申报条件 2/11" in chat.last().plain


async def test_unexpected_input_gets_friendly_reply(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    chat = Chat(emulator, USER)
    emulator.send_sticker(chat.user)
    [reply] = await chat.replies(1)
    assert "暂时处理不了" in reply.plain
    emulator.press(chat.user, reply, "forged:data|AAAAAAAAAA")
    await emulator.wait_idle(USER, quiet=0.3)
    assert emulator.callback_answers[-1].show_alert


async def test_restart_between_two_answers_continues(
    config: Path, emulator: BotApiEmulator, database_url: str
) -> None:
    process = BotProcess(config)
    await process.start()
    chat = Chat(emulator, USER)
    await start(chat)
    await answer(chat, ELIGIBLE[:3])
    assert await process.stop() == 0
    process2 = BotProcess(config)
    await process2.start()
    try:
        await answer(chat, ELIGIBLE[3:])
        assert "符合申报条件" in chat.last().plain
    finally:
        assert await process2.stop() == 0
    output = (process.output + process2.output).decode(errors="replace")
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
