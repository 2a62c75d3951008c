"""The token and the webhook secret never reach a log line: any level, arguments, tracebacks."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr

from bot.config import Settings, TelegramSettings, WebhookSettings
from bot.logs import RedactSecrets, secrets_of

TOKEN, WEBHOOK_SECRET = "5550001:AAH-token-part-nobody-may-see", "hook-secret-nobody-may-see"


def settings() -> Settings:
    return Settings(
        telegram=TelegramSettings(token=SecretStr(TOKEN)),
        webhook=WebhookSettings(secret=SecretStr(WEBHOOK_SECRET)),
    )


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR])
def test_every_level_and_every_place_of_a_record_is_redacted(level: int) -> None:
    redact = RedactSecrets(secrets_of(settings()))
    try:
        raise RuntimeError(f"rejected {TOKEN} with {WEBHOOK_SECRET}")
    except RuntimeError as exc:
        record = logging.LogRecord(
            "telegram.ext",
            level,
            __file__,
            1,
            "setWebhook %s secret_token=%s",
            (TOKEN, WEBHOOK_SECRET),
            (type(exc), exc, exc.__traceback__),
            sinfo=f"stack with {WEBHOOK_SECRET}",
        )
    assert redact.filter(record)
    line = logging.Formatter().format(record)
    assert TOKEN.split(":")[1] not in line and WEBHOOK_SECRET not in line
    assert line.startswith("setWebhook *** secret_token=***") and "rejected *** with ***" in line


def test_empty_or_tiny_values_are_not_secrets() -> None:
    assert secrets_of(Settings()) == []
