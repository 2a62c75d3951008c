"""``python -m bot sandbox``: the emulator, its chat page and the real bot, in one process.

Nothing on the bot's side is simulated: the bot is built exactly as ``python -m bot run``
builds it (settings from a bot.toml, migrations, services, ``BotRuntime`` with the framework
adapter, the outbox sender and the scheduler) and talks HTTP to the emulator, whose page lets
a person act as applicants and as staff.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import signal
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from aiohttp import web

from bot.campaign.loader import load_campaign
from bot.campaign.schema import Campaign
from bot.config import DEFAULT_CAMPAIGN, PROJECT_ROOT, load_settings
from bot.runtime import BotRuntime
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import JsonDict
from bot.sandbox.web import SandboxWeb
from bot.services import build_services, prepare_campaigns
from storage.db import upgrade

STAFF_USER_ID = 900001
STAFF_CHAT_ID = -1001230000001
DEADLINE_DAYS = 30
DATABASE_FILE = "sandbox.db"
FILES_DIR = "sandbox-files"


def new_token() -> str:
    """A bot token made up for one run: the bot and the emulator share it, nobody else knows it
    (it is printed nowhere), so no other program can send as the sandbox's bot."""
    return f"{secrets.randbelow(9 * 10**9) + 10**9}:{secrets.token_urlsafe(27)}"


class SandboxError(Exception):
    """The sandbox cannot start (e.g. its port is taken); the message says what to do."""


def moved_deadline(campaign: Campaign, now: datetime) -> datetime:
    """The end of the day ``DEADLINE_DAYS`` from ``now``, in the campaign's time zone."""
    day = (now.astimezone(campaign.zone) + timedelta(days=DEADLINE_DAYS)).date()
    return datetime.combine(day, time(23, 59, 59), tzinfo=campaign.zone)


def fresh_data_dir(data_dir: Path) -> Path:
    """The absolute data folder, emptied of a previous run's database and files (each run starts
    with no applicants, as the emulator keeps its chats in memory). Relative paths are taken
    from the project folder, like the paths in bot.toml."""
    folder = data_dir if data_dir.is_absolute() else PROJECT_ROOT / data_dir
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(f"{DATABASE_FILE}*"):
        leftover.unlink()
    shutil.rmtree(folder / FILES_DIR, ignore_errors=True)
    return folder


def write_config(
    folder: Path, api_base: str, framework: str, campaign_file: Path, deadline: datetime
) -> Path:
    """The bot.toml of the sandbox (the token is passed as BOT_TOKEN, never written)."""
    lines = [
        "# Written by `python -m bot sandbox` at each start; edits are lost.",
        "[telegram]",
        f'api_base = "{api_base}"',
        f'framework = "{framework}"',
        f"staff_chat_id = {STAFF_CHAT_ID}",
        f"staff_user_ids = [{STAFF_USER_ID}]",
        "[database]",
        f'url = "sqlite+aiosqlite:///{(folder / DATABASE_FILE).as_posix()}"',
        "[storage]",
        f'files_dir = "{(folder / FILES_DIR).as_posix()}"',
        "[campaign]",
        f'file = "{campaign_file.as_posix()}"',
        f'deadline = "{deadline.isoformat()}"',
        "[logging]",
        'level = "WARNING"',
    ]
    path = folder / "bot.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class SandboxEmulator(BotApiEmulator):
    """The emulator with the page mounted, so the bot and the browser share one address."""

    def __init__(
        self, token: str, staff_user_id: int, staff_chat_id: int, info: JsonDict | None = None
    ) -> None:
        super().__init__(token=token, bot_username="shenbao_sandbox_bot")
        self.bot_user["first_name"] = "申报助手"
        staff_user = self.user(staff_user_id, first_name="工作人员")
        staff_group = self.group(staff_chat_id, title="申报工作组")
        self.web = SandboxWeb(self, staff_user, staff_group, info or {})

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Like ``BotApiEmulator.start``, with the page's routes added first: a two-segment path
        such as ``/api/view`` would otherwise match the Bot API route ``/{bot_token}/{method}``."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        self.web.add_routes(app)
        app.router.add_route("*", "/{bot_token}/{method}", self._handle_method)
        app.router.add_get("/file/{bot_token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, host, port).start()
        except OSError:
            await self._runner.cleanup()
            self._runner = None
            raise
        port = self._runner.addresses[0][1]
        self.web.guard.listening(host, port)
        self.base_url = f"http://{host}:{port}"
        self.closing = False
        return self.base_url


@dataclass
class Sandbox:
    """The emulator with its page plus the bot, started and stopped together."""

    host: str = "127.0.0.1"
    port: int = 8088
    framework: str = "ptb"
    data_dir: Path = Path("var/sandbox")
    polling_timeout: int = 10
    token: str = field(default_factory=new_token, repr=False)
    emulator: SandboxEmulator | None = field(default=None, init=False)
    runtime: BotRuntime | None = field(default=None, init=False)

    async def start(self) -> str:
        """Start everything; returns the page's address. Cleans up if any step fails."""
        try:
            return await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> str:
        folder = fresh_data_dir(self.data_dir)
        campaign_file = PROJECT_ROOT / DEFAULT_CAMPAIGN
        campaign = load_campaign(campaign_file)
        deadline = moved_deadline(campaign, datetime.now(UTC))
        self.emulator = SandboxEmulator(
            self.token, STAFF_USER_ID, STAFF_CHAT_ID, self._info(campaign, deadline)
        )
        try:
            api_base = await self.emulator.start(self.host, self.port)
        except OSError as exc:
            raise SandboxError(
                f"cannot listen on {self.host}:{self.port} ({exc.strerror or exc}); "
                "choose another port with --port"
            ) from None
        self.emulator.web.add_applicant()
        config = write_config(folder, api_base, self.framework, campaign_file, deadline)
        settings = load_settings(config, {"BOT_TOKEN": self.token})
        campaigns = prepare_campaigns(settings)
        await asyncio.to_thread(upgrade, settings.database_url())
        services = await build_services(settings, campaigns)
        runtime = BotRuntime(services, polling_timeout=self.polling_timeout)
        try:
            await runtime.start()
        except BaseException:
            await services.close()
            raise
        self.runtime = runtime
        return api_base + "/"

    def _info(self, campaign: Campaign, deadline: datetime) -> JsonDict:
        """What the page shows about this run: notably that the deadline was moved."""
        return {
            "campaign": {
                "id": campaign.id,
                "name": campaign.name.zh_CN,
                "name_en": campaign.name.en,
                "deadline": deadline.isoformat(),
                "original_deadline": campaign.deadline.isoformat(),
                "moved_days": DEADLINE_DAYS,
            },
            "framework": self.framework,
        }

    async def stop(self) -> None:
        """Stop the bot first (its long poll still has a server to return from), then the emulator."""
        if self.runtime is not None:
            await self.runtime.stop()  # closes the database too
            self.runtime = None
        if self.emulator is not None:
            await self.emulator.stop()
            self.emulator = None


async def run_sandbox(
    token: str,
    host: str = "127.0.0.1",
    port: int = 8088,
    framework: str = "ptb",
    data_dir: Path = Path("var/sandbox"),
) -> None:
    """Start the sandbox, print its one address, and run until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    sandbox = Sandbox(host, port, framework, data_dir, token=token)
    try:
        url = await sandbox.start()
        print(f"申报助手 sandbox: {url}", flush=True)
        await stop.wait()
    finally:
        await sandbox.stop()
        for signum in signals:
            loop.remove_signal_handler(signum)
