"""The deadline rush, on both frameworks, polling and webhook: applicants are answered at once,
each in the order of what they sent, and one applicant's slow download holds nobody else up."""

from __future__ import annotations

from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import Chat, InProcessBot
from tests.e2e.test_eligibility_e2e import ELIGIBLE, answer, start

APPLICANT_A, APPLICANT_B = 7101, 7102
BURST = 6  # texts each applicant sends without waiting for the bot


def quoted(chat: Chat) -> list[str]:
    """The words of the applicant each reply quotes back (「…」), in the order the replies came."""
    return [
        m.plain.split("「", 1)[1].split("」", 1)[0]
        for m in chat.emu.messages(chat.user_id)
        if "「" in m.plain
    ]


async def test_interleaved_applicants_each_answered_in_order(
    bot_in_mode: InProcessBot, emulator: BotApiEmulator
) -> None:
    a, b = Chat(emulator, APPLICANT_A), Chat(emulator, APPLICANT_B)
    for chat in (a, b):
        await start(chat)
        await answer(chat, ELIGIBLE[:7])
        assert "申报条件 8/11" in chat.last().plain
    # Words that are no score, at the eighth question (a score), typed quickly by both, interleaved.
    sent: dict[int, list[str]] = {APPLICANT_A: [], APPLICANT_B: []}
    for n in range(1, BURST + 1):
        for chat, name in ((a, "甲方"), (b, "乙方")):
            words = f"{name}第{n}句"
            emulator.send_text(chat.user, words)
            sent[chat.user_id].append(words)
    for chat in (a, b):
        replies = await chat.replies(BURST)
        assert all("申报条件 8/11" in m.plain for m in replies)
        assert quoted(chat)[-BURST:] == sent[chat.user_id]


async def test_slow_download_of_one_applicant_holds_no_other_up(
    bot_in_mode: InProcessBot, emulator: BotApiEmulator
) -> None:
    a, b = Chat(emulator, APPLICANT_A), Chat(emulator, APPLICANT_B)
    await start(a)
    upload = emulator.send_document(a.user, "案例.docx", b"PK\x03\x04" + b"0" * 2048)
    file_id = upload["message"]["document"]["file_id"]
    emulator.hold_file(file_id)
    before = len(emulator.messages(a.user_id))
    await emulator.wait_for(lambda: file_id in emulator.files_requested)

    [welcome] = await b.send("/start")  # while A's file is still on its way
    assert "距截止还有" in welcome.plain
    await b.press("同意")
    assert "申报条件 1/11" in b.last().plain
    assert len(emulator.messages(a.user_id)) == before  # A's upload is not answered yet

    emulator.release_file(file_id)
    [answered] = await a.replies(1)
    assert answered.plain and emulator.messages(a.user_id)[before] is answered
