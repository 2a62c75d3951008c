"""Start-up of ``python -m bot run``: any failure before the bot serves becomes ``StartupFailed``,
which the command line prints as one line, secrets redacted, with exit code 2 (a rejected token,
an unreachable database or Bot API, a port in use), instead of a traceback carrying the token."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.campaign.schema import Campaign
from bot.config import Settings
from bot.runtime import BotRuntime
from bot.services import build_services

log = logging.getLogger(__name__)
CLEAN_UP_WITHIN = 10.0  # seconds given to close what a failed start had opened
READY = "bot ready: serving updates"  # logged once the bot takes updates (supervisors and tests wait for it)


class StartupFailed(Exception):
    """The bot could not start; ``__cause__`` says why."""


async def start_runtime(settings: Settings, campaigns: list[Campaign]) -> BotRuntime:
    runtime: BotRuntime | None = None
    try:
        runtime = BotRuntime(await build_services(settings, campaigns))
        await runtime.start()
    except Exception as exc:
        if runtime is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(runtime.stop(), CLEAN_UP_WITHIN)
        raise StartupFailed() from exc
    log.info("%s", READY)
    return runtime


def describe_failure(exc: BaseException | None) -> str:
    """``Type: message`` on one line (the message may carry a secret: redact before printing)."""
    if exc is None:
        return "unknown error"
    message = " ".join(str(exc).split()) or "no detail"
    return f"{type(exc).__name__}: {message}"
