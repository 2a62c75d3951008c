"""``python -m bot sandbox``: the emulator, its chat page and the real bot, in one process.

Nothing on the bot's side is simulated: the bot is built exactly as ``python -m bot run``
builds it (settings from a bot.toml, migrations, services, ``BotRuntime`` with the framework
adapter, the outbox sender and the scheduler) and talks HTTP to the emulator, whose page lets
a person act as applicants and as staff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import shutil
import signal
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web
from sqlalchemy import func, select

from bot.campaign.schema import Campaign
from bot.config import PROJECT_ROOT, Settings
from bot.runtime import BotRuntime
from bot.sandbox import snapshot
from bot.sandbox.clock import CLOCK_FILE, SandboxClock
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import JsonDict
from bot.sandbox.roles import STAFF_CHAT_ID, STAFF_USER_ID, Pane, role_panes
from bot.sandbox.settings import DATABASE_FILE, DEADLINE_DAYS, DEADLINE_FILE, FILES_DIR, sandbox_settings
from bot.sandbox.web import SandboxWeb
from bot.sandbox.wecom_pane import WeComPane
from bot.sandbox.wecom_side import WeComSide
from bot.services import build_services, prepare_campaigns
from storage.db import upgrade
from storage.models import ProcessedUpdate

__all__ = ["STAFF_CHAT_ID", "STAFF_USER_ID", "Sandbox", "SandboxEmulator", "SandboxError", "new_token"]
log = logging.getLogger(__name__)
BOT_NAME = "申报助手"
SAVE_EVERY_SECONDS = 1.0


def new_token() -> str:
    """A bot token made up for one run: the bot and the emulator share it, nobody else knows it
    (it is printed nowhere), so no other program can send as the sandbox's bot."""
    return f"{secrets.randbelow(9 * 10**9) + 10**9}:{secrets.token_urlsafe(27)}"


class SandboxError(Exception):
    """The sandbox cannot start (e.g. its port is taken); the message says what to do."""


def data_folder(data_dir: Path, fresh: bool) -> Path:
    """The absolute data folder; with ``fresh``, emptied of a previous run's database, files and
    chats. Relative paths are taken from the project folder, like the paths in bot.toml."""
    folder = data_dir if data_dir.is_absolute() else PROJECT_ROOT / data_dir
    folder.mkdir(parents=True, exist_ok=True)
    if fresh:
        leftovers = [*folder.glob(f"{DATABASE_FILE}*"), *folder.glob(f"{snapshot.SNAPSHOT_FILE}*")]
        for leftover in [*leftovers, *folder.glob(CLOCK_FILE), *folder.glob(DEADLINE_FILE)]:
            leftover.unlink()
        shutil.rmtree(folder / FILES_DIR, ignore_errors=True)
        shutil.rmtree(folder / snapshot.FILES_FOLDER, ignore_errors=True)
    return folder


class SandboxEmulator(BotApiEmulator):
    """The emulator with the page mounted, so the bot and the browser share one address."""

    def __init__(
        self,
        token: str,
        staff_user_id: int,
        staff_chat_id: int,
        info: JsonDict | None = None,
        panes: list[Pane] | None = None,
    ) -> None:
        super().__init__(token=token, bot_username="shenbao_sandbox_bot")
        self.bot_user["first_name"] = BOT_NAME
        staff_user = self.user(staff_user_id, first_name="工作人员")
        staff_group = self.group(staff_chat_id, title="申报工作组")
        self.web = SandboxWeb(self, staff_user, staff_group, info or {}, panes)
        self.wecom_pane: WeComPane | None = None  # the WeChat pane's routes, when set before start

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Like ``BotApiEmulator.start``, with the page's routes added first: a two-segment path
        such as ``/api/view`` would otherwise match the Bot API route ``/{bot_token}/{method}``."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        self.web.add_routes(app)
        if self.wecom_pane is not None:
            self.wecom_pane.add_routes(app)
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
    """The emulator with its page plus the bot, started and stopped together. The data (the
    bot's database and files, the emulator's chats) stays in ``data_dir`` across restarts unless
    ``fresh``; ``config`` is a bot.toml with one's own campaign, districts, experts…"""

    host: str = "127.0.0.1"
    port: int = 8088
    framework: str = "ptb"
    data_dir: Path = Path("var/sandbox")
    polling_timeout: int = 10
    token: str = field(default_factory=new_token, repr=False)
    fresh: bool = False
    config: Path | None = None
    emulator: SandboxEmulator | None = field(default=None, init=False)
    wecom: WeComSide | None = field(default=None, init=False)
    runtime: BotRuntime | None = field(default=None, init=False)
    restored: bool = field(default=False, init=False)
    folder: Path = field(default=Path(), init=False)
    _saver: asyncio.Task[None] | None = field(default=None, init=False)

    async def start(self) -> str:
        """Start everything; returns the page's address. Cleans up if any step fails."""
        try:
            return await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> str:
        self.folder = data_folder(self.data_dir, self.fresh)
        now = datetime.now(UTC)
        settings, moved = sandbox_settings(self.folder, self.token, self.framework, self.config, now)
        campaigns = prepare_campaigns(settings)
        panes = role_panes(settings, BOT_NAME)
        staff = settings.telegram
        self.emulator = SandboxEmulator(
            self.token, staff.staff_user_ids[0], staff.staff_chat_id, self._info(campaigns[0], moved), panes
        )
        self.wecom = await WeComSide.start(self.host, campaigns[0].id, self.folder, self.fresh)
        self.emulator.wecom_pane = self.wecom.pane
        saved = snapshot.load(self.folder)
        if saved is not None:
            self.emulator.web.restore(saved, snapshot.restore(self.folder, self.emulator, saved))
            self.restored = True
        try:
            api_base = await self.emulator.start(self.host, self.port)
        except OSError as exc:
            raise SandboxError(
                f"cannot listen on {self.host}:{self.port} ({exc.strerror or exc}); "
                "choose another port with --port"
            ) from None
        if not self.emulator.web.applicants:
            self.emulator.web.add_applicant()
        settings.telegram.api_base = api_base  # known once the emulator listens
        self.wecom.configure(settings)
        await self._start_bot(settings)
        await self.wecom.connect()
        self._saver = asyncio.create_task(self._keep_saving())
        return api_base + "/"

    async def _start_bot(self, settings: Settings) -> None:
        assert self.emulator is not None
        campaigns = prepare_campaigns(settings)
        await asyncio.to_thread(upgrade, settings.database_url())
        clock = SandboxClock(self.folder)
        self.emulator.web.clock = clock
        services = await build_services(settings, campaigns, clock=clock)
        async with services.database.unit_of_work() as session:
            last = (await session.execute(select(func.max(ProcessedUpdate.update_id)))).scalar()
        snapshot.continue_update_ids(self.emulator, int(last or 0))
        runtime = BotRuntime(services, polling_timeout=self.polling_timeout)
        try:
            await runtime.start()
        except BaseException:
            await services.close()
            raise
        self.runtime = runtime

    def _info(self, campaign: Campaign, moved_from: datetime | None) -> JsonDict:
        """What the page shows about this run: the deadline (and whether it was moved), where the
        data is kept, and an id of this run (the page starts over when the sandbox restarts)."""
        return {
            "campaign": {
                "id": campaign.id,
                "name": campaign.name.zh_CN,
                "name_en": campaign.name.en,
                "deadline": campaign.deadline.isoformat(),
                "moved_days": DEADLINE_DAYS if moved_from else 0,
                "original_deadline": (moved_from or campaign.deadline).isoformat(),
            },
            "framework": self.framework,
            "run": secrets.token_hex(6),
            "data": {"folder": _shown(self.folder), "fresh": self.fresh, "config": _shown(self.config)},
        }

    def save(self) -> None:
        """Write the emulator's chats to the data folder (the database keeps the rest)."""
        if self.emulator is not None:
            web_ = self.emulator.web
            snapshot.save(self.folder, self.emulator, web_.applicants, web_.user_sent)

    async def _keep_saving(self) -> None:
        """Save after changes, at most every ``SAVE_EVERY_SECONDS`` (a kill loses at most that)."""
        assert self.emulator is not None
        last = ""
        while True:
            await self.emulator.wait_change(3600)
            await asyncio.sleep(SAVE_EVERY_SECONDS)
            web_ = self.emulator.web
            current = snapshot.fingerprint(self.emulator, web_.applicants, web_.user_sent)
            if current == last:
                continue
            text, files = snapshot.taken(self.emulator, web_.applicants, web_.user_sent)  # on the loop
            try:
                await asyncio.to_thread(snapshot.write, self.folder, text, files)
            except OSError as exc:  # a full disk: say so, keep the sandbox running, try again later
                log.warning("could not save the sandbox's chats to %s: %s", self.folder, exc)
                continue
            last = current

    async def stop(self) -> None:
        """Stop the bot first (its long poll still has a server to return from), then the emulator."""
        if self._saver is not None:
            self._saver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._saver
            self._saver = None
        if self.runtime is not None:
            await self.runtime.stop()  # closes the database too
            self.runtime = None
        if self.emulator is not None:
            self.save()
            await self.emulator.stop()
            self.emulator = None
        if self.wecom is not None:
            await self.wecom.stop()
            self.wecom = None


def _shown(path: Path | None) -> str | None:
    """A path as the terminal and the page show it: relative to the project when inside it."""
    if path is None:
        return None
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def data_note(sandbox: Sandbox) -> str:
    """One line for the terminal: where the data is, and whether it stays."""
    folder = _shown(sandbox.folder)
    if sandbox.fresh:
        return f"数据已清空（--fresh），保存在 {folder}，重启后保留 · started empty; data kept in {folder}"
    if sandbox.restored:
        return f"已恢复上次的数据：{folder}（--fresh 清空重来） · the last run's data, from {folder}"
    return f"数据保存在 {folder}，重启后保留（--fresh 清空重来） · data kept in {folder} across restarts"


async def run_sandbox(
    token: str,
    host: str = "127.0.0.1",
    port: int = 8088,
    framework: str = "ptb",
    data_dir: Path = Path("var/sandbox"),
    fresh: bool = False,
    config: Path | None = None,
) -> None:
    """Start the sandbox, print its address (stdout) and where its data is (stderr), and run until
    SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    sandbox = Sandbox(host, port, framework, data_dir, token=token, fresh=fresh, config=config)
    try:
        url = await sandbox.start()
        print(f"申报助手 sandbox: {url}", flush=True)
        print(data_note(sandbox), file=sys.stderr, flush=True)
        await stop.wait()
    finally:
        await sandbox.stop()
        for signum in signals:
            loop.remove_signal_handler(signum)
