"""Webhook mode over real HTTP on both frameworks: the emulator POSTs updates, the bot answers
after its unit of work; wrong secrets are refused; health, readiness and metrics are served."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import (
    TOKEN,
    WEBHOOK_SECRET,
    BotProcess,
    Chat,
    InProcessBot,
    free_port,
    webhook_section,
    write_config,
)
from tests.e2e.test_eligibility_e2e import ELIGIBLE, answer, start


def webhook_config(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str, port: int
) -> Path:
    return write_config(
        tmp_path, emulator.base_url, framework, database_url, extra=webhook_section(port), mode="webhook"
    )


async def test_webhook_journey_secret_and_endpoints(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str
) -> None:
    port = free_port()
    bot = InProcessBot(webhook_config(tmp_path, emulator, framework, database_url, port))
    await bot.start()
    try:
        assert emulator.webhook["url"] == f"http://127.0.0.1:{port}/telegram"
        assert emulator.webhook["secret_token"] == WEBHOOK_SECRET
        chat = Chat(emulator, 7501)
        await start(chat)
        await answer(chat, ELIGIBLE)
        assert "符合申报条件" in chat.last().plain
        assert all(d.ok for d in emulator.webhook_deliveries)

        update = emulator.send_text(chat.user, "/status")
        await chat.replies(1)
        count = len(emulator.messages(chat.user_id))
        emulator.redeliver(update["update_id"])
        await emulator.wait_delivered()
        await emulator.wait_idle(chat.user_id, quiet=0.3)
        assert len(emulator.messages(chat.user_id)) == count

        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            forged = {
                "update_id": 999_999,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "text": "/start",
                    "chat": {"id": 7502, "type": "private"},
                    "from": {"id": 7502, "is_bot": False, "first_name": "x"},
                },
            }
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(f"{base}/telegram", json=forged, headers=headers) as response:
                    assert response.status == 401
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 200
            async with http.get(f"{base}/readyz") as response:
                assert response.status == 200
            async with http.get(f"{base}/metrics") as response:
                body = await response.text()
        assert emulator.messages(7502) == []
        assert 'shenbao_updates_total{kind="Button",outcome="ok"}' in body
        assert 'outcome="duplicate"' in body and "shenbao_outbox_backlog" in body
    finally:
        await bot.stop()


async def test_webhook_update_lost_in_a_crash_is_redelivered(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str
) -> None:
    """While the bot is down the POSTs fail; Telegram (the emulator) retries, and after the
    restart the update is handled exactly once."""
    port = free_port()
    config = webhook_config(tmp_path, emulator, framework, database_url, port)
    first = BotProcess(config)
    await first.start()
    chat = Chat(emulator, 7503)
    await emulator.wait_for(lambda: bool(emulator.webhook.get("url")), timeout=30)
    await start(chat)
    assert await first.stop() == 0
    emulator.press_button(chat.user, chat.last(), "是")
    await emulator.wait_for(lambda: any(d.status is None for d in emulator.webhook_deliveries), timeout=10)
    second = BotProcess(config)
    await second.start()
    try:
        [question] = await chat.replies(1)
        assert "申报条件 2/11" in question.plain
        await emulator.wait_delivered(timeout=20)
    finally:
        assert await second.stop() == 0
    assert TOKEN not in (first.output + second.output).decode(errors="replace")
    assert WEBHOOK_SECRET not in (first.output + second.output).decode(errors="replace")
