"""A /submit sent in the deadline's last second and confirmed 40 seconds after the deadline is
submitted (issue 27 point 4), over real HTTP on both frameworks, polling and webhook: the button
carries no date, the /submit that offered it does (Telegram's message ``date``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.campaign.loader import load_campaign
from bot.engine.clock import FakeClock
from bot.sandbox.emulator import BotApiEmulator
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import Chat, InProcessBot, free_port, webhook_section, write_config
from tests.e2e.test_documents_e2e import a_pdf, fill_form


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_submit_in_the_last_second_confirmed_after_the_deadline_is_submitted(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str, mode: str
) -> None:
    deadline = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    extra = webhook_section(free_port()) if mode == "webhook" else ""
    config = write_config(
        tmp_path, emulator.base_url, framework, database_url, deadline=deadline, extra=extra, mode=mode
    )
    clock = FakeClock(deadline - timedelta(minutes=30))
    bot = InProcessBot(config, clock)
    await bot.start()
    try:
        case = load_campaign(SHIPPED_CAMPAIGN).case
        assert case is not None
        chat = Chat(emulator, 7401)
        await fill_form(chat)
        await chat.press("确认无误")
        await chat.press("我单位承诺")
        emulator.send_document(chat.user, "推荐表.pdf", a_pdf(2))
        await chat.replies(1)
        emulator.send_document(chat.user, "案例.docx", make_case(case).to_bytes())
        await chat.replies(1)
        clock.set(deadline + timedelta(seconds=5))  # the bot gets to it after the deadline
        emulator.sent_at = deadline.timestamp()  # Telegram's stamp: the deadline's own second
        [package] = await chat.send("/submit")
        assert "确认提交" in package.plain or package.buttons()
        emulator.sent_at = None
        clock.set(deadline + timedelta(seconds=41))  # pressed at 00:00:40 past the deadline
        [receipt] = await chat.press("确认提交")
        assert "申报已提交" in receipt.plain, receipt.plain
    finally:
        await bot.stop()
