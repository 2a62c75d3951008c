"""The announcement end to end: a dozen applicants, one who blocked the bot, the bot stopped
halfway through sending and restarted: everyone hears exactly once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.campaign.loader import load_campaign
from bot.sandbox.emulator import BotApiEmulator
from storage.db import Database
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, TOKEN, BotProcess
from tests.support.seed import seed_verified

RESULT_WORDS = ("恭喜", "未入选", "未通过")


def results(emulator: BotApiEmulator, user: int) -> list[str]:
    return [m.plain for m in emulator.messages(user) if any(w in m.plain for w in RESULT_WORDS)]


async def test_announce_survives_a_restart_without_duplicates(
    config: Path, emulator: BotApiEmulator, database_url: str
) -> None:
    campaign = load_campaign(SHIPPED_CAMPAIGN)
    database = Database(database_url)
    made = await seed_verified(database, campaign, 12, datetime.now(UTC))
    await database.close()
    users = [user for user, _ in made]
    blocked = users[4]
    for user in users:
        emulator.user(user)
    emulator.block(blocked)
    emulator.flood_limits(per_chat_per_second=None, global_per_second=3)  # slow enough to stop halfway

    first = BotProcess(config)
    await first.start()
    staff, group = emulator.user(STAFF_USER, first_name="工作人员"), emulator.group(STAFF_CHAT)
    emulator.send_text(staff, "/announce", chat=group)
    preview = await emulator.next_message(STAFF_CHAT, timeout=30)
    assert "入选：10 家" in preview.plain and "未入选：2 家" in preview.plain
    emulator.press_button(staff, preview, "确认发布")
    second = await emulator.next_message(STAFF_CHAT, timeout=30)  # the test's deadline is ahead
    emulator.press_button(staff, second, "确认在截止日")
    await emulator.wait_for(lambda: sum(len(results(emulator, u)) for u in users) >= 3, timeout=30)
    assert await first.stop() == 0
    delivered_before = sum(len(results(emulator, u)) for u in users)
    assert delivered_before < 11, "the restart should come in the middle of the announcement"

    second = BotProcess(config)
    await second.start()
    try:
        await emulator.wait_for(
            lambda: all(len(results(emulator, u)) == 1 for u in users if u != blocked), 60
        )
        await emulator.wait_idle(quiet=1.5, timeout=30)
    finally:
        assert await second.stop() == 0
    assert all(len(results(emulator, u)) == 1 for u in users if u != blocked)
    assert results(emulator, blocked) == []
    assert sum("恭喜" in results(emulator, u)[0] for u in users if u != blocked) == 9
    refused = [c for c in emulator.calls_of("sendMessage") if str(c.params.get("chat_id")) == str(blocked)]
    # tried until Telegram said "blocked", never after (429s come from the 3/s limit set above)
    assert [c.status for c in refused if c.status != 429] == [403] and refused[-1].status == 403
    assert TOKEN not in (first.output + second.output).decode(errors="replace")
