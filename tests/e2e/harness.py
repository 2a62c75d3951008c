"""End-to-end harness: the real bot (either framework) over real HTTP against the emulator.

``InProcessBot`` runs the adapter in the test's event loop (fast); ``BotProcess`` runs
``python -m bot run`` as a child process, for restarts and the command line itself.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import PROJECT_ROOT, load_settings
from bot.engine.clock import Clock
from bot.runtime import BotRuntime
from bot.services import Services, build_services, prepare_campaigns
from bot.startup import READY

TOKEN = "123456:TEST-TOKEN-never-printed"
WEBHOOK_SECRET = "webhook-secret-never-printed"
STAFF_USER, STAFF_CHAT = 900001, -1001234


def write_config(
    tmp_path: Path,
    api_base: str,
    framework: str,
    database_url: str,
    campaign_files: list[Path] | None = None,
    deadline: datetime | None = None,
    extra: str = "",
    mode: str = "polling",
    files_dir: Path | None = None,
) -> Path:
    """A bot.toml for the emulator; the single campaign's deadline is moved into the future."""
    lines = [
        "[telegram]",
        f'api_base = "{api_base}"',
        f'framework = "{framework}"',
        f"staff_user_ids = [{STAFF_USER}]",
        f"staff_chat_id = {STAFF_CHAT}",
        f'mode = "{mode}"',
        "[database]",
        f'url = "{database_url}"',
        "[storage]",
        f'files_dir = "{files_dir or tmp_path / "files"}"',
        "[campaign]",
    ]
    if campaign_files:
        lines.append("files = [" + ", ".join(f'"{p}"' for p in campaign_files) + "]")
    else:
        when = deadline or datetime.now(UTC) + timedelta(days=30)
        lines.append(f'deadline = "{when.isoformat(timespec="seconds")}"')
    path = tmp_path / "bot.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


class InProcessBot:
    def __init__(
        self, config: Path, clock: Clock | None = None, environ: dict[str, str] | None = None
    ) -> None:
        self.config = config
        self.clock = clock
        self.environ = environ or {}  # more environment (WeCom's secrets)
        self.runtime: BotRuntime | None = None

    @property
    def services(self) -> Services:
        assert self.runtime is not None
        return self.runtime.services

    async def start(self) -> None:
        environ = {"BOT_TOKEN": TOKEN, "WEBHOOK_SECRET": WEBHOOK_SECRET, **self.environ}
        settings = load_settings(self.config, environ)
        services = await build_services(settings, prepare_campaigns(settings), clock=self.clock)
        self.runtime = BotRuntime(services, polling_timeout=1)
        await self.runtime.start()

    async def stop(self) -> None:
        if self.runtime is not None:
            await self.runtime.stop()


class BotProcess:
    """``python -m bot run --config …`` as a child process. Its output is read as it comes
    (a full pipe would block the bot's logging, and with it the bot) and kept in ``output``."""

    def __init__(self, config: Path) -> None:
        self.config = config
        self.process: asyncio.subprocess.Process | None = None
        self.output = b""
        self._reader: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        env = {**os.environ, "BOT_TOKEN": TOKEN, "WEBHOOK_SECRET": WEBHOOK_SECRET, "PYTHONUNBUFFERED": "1"}
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--config",
            str(self.config),
            cwd=PROJECT_ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read(self.process))
        await self._ready_or_exited(self.process)

    async def _ready_or_exited(self, process: asyncio.subprocess.Process, timeout: float = 120.0) -> None:
        """Wait until the bot logs that it serves (importing a framework can take many seconds on a
        busy machine), or until it exits (a start-up failure the test then reads)."""
        waits = [asyncio.create_task(self._ready.wait()), asyncio.create_task(process.wait())]
        done, pending = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if not done:
            raise TimeoutError(f"the bot did not start within {timeout:g}s: {self.output[-2000:]!r}")

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        while chunk := await process.stdout.read(65536):
            self.output += chunk
            if READY.encode() in self.output[-len(chunk) - len(READY) :]:
                self._ready.set()

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        await asyncio.wait_for(self.process.wait(), timeout=30)
        if self._reader is not None:
            await asyncio.wait_for(self._reader, timeout=10)
        return self.process.returncode if self.process.returncode is not None else -1


class Chat:
    """One applicant talking to the bot through the emulator."""

    def __init__(self, emulator, user_id: int) -> None:  # type: ignore[no-untyped-def]
        self.emu = emulator
        self.user_id = user_id
        self.user = emulator.user(user_id)

    async def replies(self, count: int) -> list:  # type: ignore[type-arg]
        return [await self.emu.next_message(self.user_id, timeout=15) for _ in range(count)]

    async def send(self, text: str, expect: int = 1) -> list:  # type: ignore[type-arg]
        self.emu.send_text(self.user, text)
        return await self.replies(expect)

    async def press(self, label: str, expect: int = 1) -> list:  # type: ignore[type-arg]
        for message in reversed(self.emu.messages(self.user_id)):
            if any(label in text for text in message.button_texts()):
                self.emu.press_button(self.user, message, label)
                return await self.replies(expect)
        raise AssertionError(f"no button {label!r} in chat {self.user_id}")

    async def until(self, *fragments: str, timeout: float = 15) -> list:  # type: ignore[type-arg]
        """Read the bot's messages until one contains any of ``fragments``; return them all."""
        seen = []
        while True:
            message = await self.emu.next_message(self.user_id, timeout=timeout)
            seen.append(message)
            if any(f in message.plain for f in fragments):
                return seen

    def last(self):  # type: ignore[no-untyped-def]
        return self.emu.messages(self.user_id)[-1]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_section(port: int, public_url: str | None = None) -> str:
    """bot.toml lines for webhook mode on ``port`` (the public URL defaults to that port)."""
    url = public_url or f"http://127.0.0.1:{port}/telegram"
    return f'[webhook]\nlisten = "127.0.0.1"\nport = {port}\npath = "/telegram"\npublic_url = "{url}"\n'
