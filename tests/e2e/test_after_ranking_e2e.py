"""After an announcement, over real HTTP on both frameworks: /publicity gives the 公示 list and
/casebook the 案例集, both naming the selected enterprises, the casebook holding their cases."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import docx

from bot.campaign.loader import load_campaign
from bot.engine.clock import FakeClock
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import SentMessage
from storage.db import Database
from storage.files import FileStore
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, InProcessBot
from tests.support.selected import SeededEnterprise, seed_with_cases


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def documents_until(emulator: BotApiEmulator, last_words: str) -> dict[str, SentMessage]:
    """The files the bot sends to the staff chat up to the message holding ``last_words``."""
    found: dict[str, SentMessage] = {}
    while True:
        message = await emulator.next_message(STAFF_CHAT, timeout=30)
        if message.file_name:
            found[message.file_name] = message
        if last_words in message.plain:
            return found


# After the notice's deadline (2022-08-10); the list published on Thursday 2022-09-01 is final after
# its five working days (09-02, 09-05 … 09-08; no holiday falls in them).
PUBLISHED = datetime(2022, 9, 1, 2, 0, tzinfo=UTC)
AFTER_PERIOD = datetime(2022, 9, 8, 16, 0, 1, tzinfo=UTC)  # 2022-09-09 00:00:01 in Beijing


async def test_publicity_and_casebook_after_the_announcement(
    config: Path, emulator: BotApiEmulator, database_url: str, tmp_path: Path
) -> None:
    campaign = load_campaign(SHIPPED_CAMPAIGN)
    database = Database(database_url)
    seeded = await seed_with_cases(database, FileStore(tmp_path / "files"), campaign, datetime.now(UTC))
    await database.close()
    clock = FakeClock(PUBLISHED)
    bot = InProcessBot(config, clock)
    await bot.start()
    try:
        await _announce_publish_compile(emulator, clock, seeded)
    finally:
        await bot.stop()


async def _announce_publish_compile(
    emulator: BotApiEmulator, clock: FakeClock, seeded: list[SeededEnterprise]
) -> None:
    staff, group = emulator.user(STAFF_USER, first_name="工作人员"), emulator.group(STAFF_CHAT)

    emulator.send_text(staff, "/announce", chat=group)
    preview = await emulator.next_message(STAFF_CHAT, timeout=30)
    emulator.press_button(staff, preview, "确认发布")
    second = await emulator.next_message(STAFF_CHAT, timeout=30)  # the test's deadline is ahead
    emulator.press_button(staff, second, "确认在截止日")
    assert "发送情况" in (await emulator.next_message(STAFF_CHAT, timeout=30)).plain

    emulator.send_text(staff, "/publicity", chat=group)
    sent = await documents_until(emulator, "公示期")
    listed = docx_text(sent["公示名单-cq-benchmark-2022.docx"].document_bytes or b"")
    assert all(s.name in listed for s in seeded)
    assert listed.index(seeded[0].name) < listed.index(seeded[2].name)

    clock.set(AFTER_PERIOD)  # the list is final: the period passed without objection
    emulator.send_text(staff, "/casebook", chat=group)
    book = await documents_until(emulator, "案例集已生成")
    text = docx_text(book["案例集-cq-benchmark-2022.docx"].document_bytes or b"")
    for enterprise in seeded:
        assert enterprise.name in text and enterprise.case_sentence in text
