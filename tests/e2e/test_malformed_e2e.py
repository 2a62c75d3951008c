"""An update the framework cannot read is logged once and skipped; the bot goes on answering
everyone else. Both frameworks, polling and webhook."""

from __future__ import annotations

import time

import pytest

from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import Chat, InProcessBot

SENDER, OTHER = 7201, 7202


def poll_missing_its_fields(emulator: BotApiEmulator) -> dict[str, object]:
    """A poll with only an id (question, options … missing), as a client bug or a proxy sends it."""
    return {
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": SENDER, "type": "private", "first_name": "李四"},
            "from": {"id": SENDER, "is_bot": False, "first_name": "李四"},
            "poll": {"id": "5012345"},
        }
    }


def message_from_a_future_schema(emulator: BotApiEmulator) -> dict[str, object]:
    """A message whose date is neither a Unix time nor a date, as a later Bot API might send."""
    return {
        "message": {
            "message_id": 2,
            "date": "edited-in-2027",
            "chat": {"id": SENDER, "type": "private", "first_name": "李四"},
            "from": {"id": SENDER, "is_bot": False, "first_name": "李四"},
            "text": "你好",
        }
    }


@pytest.mark.parametrize("malformed", [poll_missing_its_fields, message_from_a_future_schema])
async def test_an_unreadable_update_is_skipped_and_the_next_applicant_answered(
    bot_in_mode: InProcessBot,
    emulator: BotApiEmulator,
    malformed: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emulator.user(SENDER, first_name="李四")
    assert callable(malformed)
    bad = emulator.enqueue(malformed(emulator))
    other = Chat(emulator, OTHER)
    [welcome] = await other.send("/start")
    assert "距截止还有" in welcome.plain
    await emulator.wait_for(lambda: emulator.pending_updates() == 0)
    skipped = [r for r in caplog.records if f"update {bad['update_id']} skipped" in r.getMessage()]
    assert len(skipped) == 1
    assert emulator.messages(SENDER) == []
