"""``python -m bot run`` on both frameworks: a start-up failure is one line, secrets redacted, exit
2; the webhook secret and the token appear nowhere in the output, even at DEBUG."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import (
    TOKEN,
    WEBHOOK_SECRET,
    BotProcess,
    Chat,
    free_port,
    webhook_section,
    write_config,
)
from tests.e2e.test_eligibility_e2e import start

DEBUG = '[logging]\nlevel = "DEBUG"\n'
SECRETS = (TOKEN, TOKEN.split(":")[1], WEBHOOK_SECRET)


async def test_a_rejected_token_is_one_line_and_exit_2(
    tmp_path: Path, framework: str, database_url: str
) -> None:
    async with BotApiEmulator(token="424242:the-token-telegram-knows") as telegram:
        extra = webhook_section(free_port()) + DEBUG
        config = write_config(
            tmp_path, telegram.base_url, framework, database_url, extra=extra, mode="webhook"
        )
        process = BotProcess(config)
        await process.start()
        assert process.process is not None
        code = await process.process.wait()
        await process.stop()
    output = process.output.decode(errors="replace")
    assert code == 2
    failures = [line for line in output.splitlines() if "start-up failed" in line]
    assert len(failures) == 1 and "Traceback" not in output
    assert not any(secret in output for secret in SECRETS)


async def test_secrets_are_never_logged_even_at_debug(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str
) -> None:
    extra = webhook_section(free_port()) + DEBUG
    config = write_config(tmp_path, emulator.base_url, framework, database_url, extra=extra, mode="webhook")
    process = BotProcess(config)
    await process.start()
    try:
        await emulator.wait_for(lambda: bool(emulator.webhook.get("url")), timeout=90)
        await start(Chat(emulator, 7301))
    finally:
        assert await process.stop() == 0
    output = process.output.decode(errors="replace")
    assert "DEBUG" in output
    assert not any(secret in output for secret in SECRETS)
