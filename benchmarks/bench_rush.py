"""The deadline rush: N applicants at once on one bot process (SQLite), beside the bare echo bot.

For each framework, in one run, three figures:
1. Journey, in each mode (long polling, the default of ``./scripts/run.sh``, and webhook): N
   applicants (default 200) go through /start, 同意 and the 11 eligibility questions at once, each
   answering only after the bot's reply arrived (closed loop, as a person does); the bot
   (``python -m bot run``, SQLite) and ``benchmarks/echo_bot.py`` (same framework, same mode, no
   database) each in its own process, against the same emulator, driven the same way (the
   harness of ``bench_instances.py``). Printed: updates/s, p50/p99 reply latency, the ratios.
   Goals, in both modes: journey >= 0.5 of the echo throughput, journey p99 <= 2x the echo p99.
2. Slow download: the same journey while one more applicant uploads a 19.5 MB case study over and
   over (the emulator serves files at ``--download-mbps``, as Telegram's file server takes seconds
   for 20 MB); the p99 of the others against the journey without it.
3. Announcement: results to ``--announce`` applicants (the bot in its own process, polling) with
   the emulator's flood control on (30/s overall, 1/s per chat); messages/s between the first
   and the last result against the 30/s ceiling, and the 429 answers seen (goal: >= 90 %, none).

Run: .venv/bin/python benchmarks/bench_rush.py [--applicants 200] [--frameworks ptb,aiogram]
       [--modes polling,webhook] [--rounds 1] [--announce 600] [--download-mbps 8]
Start with small numbers (--applicants 20 --announce 60): the machine may be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import sys
import tempfile
import time
import zipfile
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_instances import (
    BOT_STEPS,
    CORES,
    ECHO_BOT,
    ECHO_STEPS,
    STEP_TIMEOUT,
    Child,
    TimedEmulator,
    applicant,
    wait_ready,
)

from bot.campaign.loader import load_campaign
from storage.db import Database, upgrade
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, free_port, webhook_section, write_config
from tests.support.seed import seed_verified

HEAVY_USER = 70_000
RESULT_WORDS = ("恭喜", "未入选", "未通过")


class RushEmulator(TimedEmulator):
    """Serves files at a set bandwidth, so a 20 MB download takes as long as it would."""

    def __init__(self, bytes_per_second: float) -> None:
        super().__init__()
        self.bytes_per_second = bytes_per_second

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self.files_by_path.get(request.match_info["path"])
        if stored is None or not self._token_ok(request):
            return await super()._handle_file(request)
        response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
        response.content_length = len(stored.data)
        await response.prepare(request)
        chunk = 256 * 1024
        for offset in range(0, len(stored.data), chunk):
            await response.write(stored.data[offset : offset + chunk])
            await asyncio.sleep(chunk / self.bytes_per_second)
        await response.write_eof()
        return response


def big_case_study() -> bytes:
    """A case study that passes the check, with a 19 MB scan in it (incompressible)."""
    plain = make_case(load_campaign(SHIPPED_CAMPAIGN).case).to_bytes()  # type: ignore[arg-type]
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        scan = random.Random(20).randbytes(19_000_000)
        target.writestr(zipfile.ZipInfo("word/media/scan.bin"), scan, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


@dataclass
class Journey:
    kind: str  # "bot", "echo" or "bot+upload"
    framework: str
    mode: str  # "polling" or "webhook"
    updates: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    uploads_answered: int = 0
    error: str | None = None

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    def ms(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, max(int(q / 100 * len(ordered) + 0.999) - 1, 0))] * 1000


async def uploader(emu: RushEmulator, data: bytes, stop: asyncio.Event, journey: Journey) -> None:
    """One applicant sending the big case study again each time the last was answered."""
    user = emu.user(HEAVY_USER)
    while not stop.is_set():
        before = len(emu.sent_in(HEAVY_USER))
        emu.send_document(user, "智能制造案例.docx", data)
        await emu.wait_chat(
            HEAVY_USER, lambda before=before: len(emu.sent_in(HEAVY_USER)) > before, STEP_TIMEOUT * 2
        )
        journey.uploads_answered += 1


async def run_journey(journey: Journey, applicants: int, rounds: int, folder: Path, mbps: float) -> None:
    steps = ECHO_STEPS if journey.kind == "echo" else BOT_STEPS
    async with AsyncExitStack() as stack:
        emu = RushEmulator(bytes_per_second=mbps * 1_000_000)
        await emu.start()
        stack.push_async_callback(emu.stop)
        port = free_port()
        public = f"http://127.0.0.1:{port}/telegram"
        webhook = journey.mode == "webhook"
        work = folder / f"{journey.kind}-{journey.framework}-{journey.mode}"
        work.mkdir()
        if journey.kind == "echo":
            args = [sys.executable, str(ECHO_BOT), "--framework", journey.framework]
            args += ["--api-base", emu.base_url, "--mode", journey.mode]
            args += ["--port", str(port), "--public-url", public] if webhook else []
        else:
            url = f"sqlite+aiosqlite:///{work / 'bot.db'}"
            await asyncio.to_thread(upgrade, url)
            extra = webhook_section(port, public) if webhook else ""
            config = write_config(work, emu.base_url, journey.framework, url, extra=extra, mode=journey.mode)
            args = [sys.executable, "-m", "bot", "run", "--config", str(config)]
        child = Child(args, work / "process.log")
        stack.push_async_callback(child.stop)
        await child.start()
        await (wait_ready(emu, [child]) if webhook else wait_polling(emu, child))

        heavy = journey.kind == "bot+upload"
        warm = [80_000 + i for i in range(min(applicants, 20))] + ([HEAVY_USER] if heavy else [])
        await asyncio.gather(*(applicant(emu, user, steps, []) for user in warm))
        data = big_case_study() if heavy else b""
        for number in range(rounds):
            stop = asyncio.Event()
            upload = asyncio.create_task(uploader(emu, data, stop, journey)) if heavy else None
            group = [100_000 * (number + 1) + i for i in range(applicants)]
            started = time.perf_counter()
            await asyncio.gather(*(applicant(emu, user, steps, journey.latencies) for user in group))
            journey.seconds += time.perf_counter() - started
            journey.updates += len(group) * len(steps)
            if upload is not None:
                stop.set()
                await upload
        if journey.kind != "echo":
            unfinished = [u for u in group if "符合申报条件" not in emu.messages(u)[-1].plain]
            if unfinished:
                raise AssertionError(f"{len(unfinished)} applicant(s) did not end eligible")
            if heavy and not any("结构检查" in m.plain for m in emu.messages(HEAVY_USER)):
                raise AssertionError(f"the case study was never checked: {emu.describe_chat(HEAVY_USER)}")


async def wait_polling(emu: TimedEmulator, child: Child, timeout: float = 90.0) -> None:
    """The process has asked for updates (getUpdates), so it is ready to take them."""
    deadline = time.monotonic() + timeout
    while not emu.calls_of("getUpdates"):
        assert child.process is not None
        if child.process.returncode is not None:
            code = child.process.returncode
            raise RuntimeError(f"{child.args[1:]} exited with {code}:\n{child.tail()}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"no getUpdates within {timeout:g}s:\n{child.tail()}")
        await asyncio.sleep(0.05)


READING_SECONDS = 1.5  # how long staff take to read the preview before pressing 确认发布


@dataclass
class Announcement:
    framework: str
    count: int
    rate: float = 0.0
    throttled: int = 0
    throttled_staff: int = 0  # of which to the staff chat (replies to the staff's button press)
    missing: int = 0
    error: str | None = None


async def run_announcement(result: Announcement, folder: Path) -> None:
    work = folder / f"announce-{result.framework}"
    work.mkdir()
    url = f"sqlite+aiosqlite:///{work / 'bot.db'}"
    await asyncio.to_thread(upgrade, url)
    database = Database(url)
    made = await seed_verified(database, load_campaign(SHIPPED_CAMPAIGN), result.count, datetime.now(UTC))
    await database.close()
    users = [user for user, _ in made]
    emu = TimedEmulator()
    await emu.start()
    try:
        for user in users:
            emu.user(user)
        emu.flood_limits(per_chat_per_second=1, global_per_second=30)
        config = write_config(work, emu.base_url, result.framework, url)
        bot = Child([sys.executable, "-m", "bot", "run", "--config", str(config)], work / "process.log")
        await bot.start()
        try:
            staff, group = emu.user(STAFF_USER), emu.group(STAFF_CHAT)
            emu.send_text(staff, "/announce", chat=group)
            preview = await emu.next_message(STAFF_CHAT, timeout=120)
            await asyncio.sleep(READING_SECONDS)  # the preview is read before it is confirmed
            emu.press_button(staff, preview, "确认发布")

            def done() -> bool:
                return all(emu.arrived.get(user) for user in users)

            while not done():
                await asyncio.sleep(0.5)
        finally:
            await bot.stop()
        arrivals = sorted(emu.arrived[user][0] for user in users)
        result.rate = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0]) if len(arrivals) > 1 else 0.0
        throttled = [call for call in emu.calls if call.status == 429]
        result.throttled = len(throttled)
        result.throttled_staff = sum(str(call.params.get("chat_id")) == str(STAFF_CHAT) for call in throttled)
        result.missing = sum(
            1 for user in users if not any(w in m.plain for m in emu.messages(user) for w in RESULT_WORDS)
        )
    finally:
        await emu.stop()


def report(journeys: list[Journey], announcements: list[Announcement], applicants: int, mbps: float) -> None:
    print(
        f"\n{applicants} applicants at once x {len(BOT_STEPS)} updates each, SQLite, one bot process; "
        f"{CORES} cores ({os.uname().machine}), shared with the emulator and the driver\n"
    )
    header = (
        f"{'framework':8} | {'mode':7} | {'journey upd/s':>13} | {'p50 / p99 ms':>13} | {'echo upd/s':>10} | "
        f"{'echo p99 ms':>11} | {'ratio':>5} | {'p99 / echo p99':>14}"
    )
    print(header)
    print("-" * len(header))
    pairs = dict.fromkeys((j.framework, j.mode) for j in journeys)
    for framework, mode in pairs:
        bot = find(journeys, framework, mode, "bot")
        echo = find(journeys, framework, mode, "echo")
        failed = [j for j in (bot, echo) if j is None or j.error]
        if failed or bot is None or echo is None:
            print(
                f"{framework:8} | {mode:7} | FAILED: {'; '.join((j.error or '')[:100] for j in failed if j)}"
            )
            continue
        print(
            f"{framework:8} | {mode:7} | {bot.rate:13.0f} | {bot.ms(50):5.0f} / {bot.ms(99):5.0f} | "
            f"{echo.rate:10.0f} | {echo.ms(99):11.0f} | {bot.rate / echo.rate:5.2f} | "
            f"{bot.ms(99) / max(echo.ms(99), 1):14.2f}"
        )
    if any(j.kind == "bot+upload" for j in journeys):
        print(f"\nOthers' reply latency while one applicant uploads a 19.5 MB case study ({mbps:g} MB/s):")
    for framework, mode in pairs:
        bot = find(journeys, framework, mode, "bot")
        heavy = find(journeys, framework, mode, "bot+upload")
        if heavy is None:
            continue
        if bot is None or bot.error or heavy.error:
            print(f"  {framework} {mode}: FAILED: {heavy.error or ''}"[:160])
            continue
        print(
            f"  {framework} {mode}: p50 / p99 {heavy.ms(50):.0f} / {heavy.ms(99):.0f} ms with the uploads "
            f"({heavy.uploads_answered} answered), {bot.ms(50):.0f} / {bot.ms(99):.0f} ms without; "
            f"p99 x{heavy.ms(99) / max(bot.ms(99), 1):.2f}; {heavy.rate:.0f} updates/s"
        )
    if announcements:
        print("\nAnnouncement with flood control on (30/s overall, 1/s per chat):")
    for a in announcements:
        if a.error:
            print(f"  {a.framework}: FAILED: {a.error[:160]}")
            continue
        print(
            f"  {a.framework}: {a.count} results, {a.rate:.1f} msg/s = {a.rate / 30 * 100:.0f}% of the "
            f"30/s ceiling; 429 answers: {a.throttled} ({a.throttled_staff} in the staff chat); "
            f"not delivered: {a.missing}"
        )


def find(journeys: list[Journey], framework: str, mode: str, kind: str) -> Journey | None:
    return next((j for j in journeys if (j.framework, j.mode, j.kind) == (framework, mode, kind)), None)


async def main_async(args: argparse.Namespace) -> None:
    frameworks = [f for f in args.frameworks.split(",") if f]
    modes = [m for m in args.modes.split(",") if m]
    journeys: list[Journey] = []
    announcements: list[Announcement] = []
    with tempfile.TemporaryDirectory(prefix="bench_rush_") as name:
        folder = Path(name)
        for framework in frameworks:
            for mode in modes:
                for kind in [k for k in ("echo", "bot", "bot+upload") if k in args.parts]:
                    journey = Journey(kind, framework, mode)
                    journeys.append(journey)
                    began = time.perf_counter()
                    try:
                        await run_journey(journey, args.applicants, args.rounds, folder, args.download_mbps)
                    except Exception as exc:
                        journey.error = f"{type(exc).__name__}: {exc}"
                    print(
                        f"{framework} {mode} {kind}: {journey.error or f'{journey.rate:.0f} updates/s'} "
                        f"({time.perf_counter() - began:.0f} s)",
                        file=sys.stderr,
                    )
            if args.announce and "announce" in args.parts:
                announcement = Announcement(framework, args.announce)
                announcements.append(announcement)
                try:
                    await run_announcement(announcement, folder)
                except Exception as exc:
                    announcement.error = f"{type(exc).__name__}: {exc}"
                print(f"{framework} announcement: {announcement.rate:.1f} msg/s", file=sys.stderr)
    report(journeys, announcements, args.applicants, args.download_mbps)
    if any(j.error for j in journeys) or any(a.error for a in announcements):
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=200)
    parser.add_argument("--frameworks", default="ptb,aiogram")
    parser.add_argument("--modes", default="polling,webhook", help="journey modes (comma-separated)")
    parser.add_argument("--rounds", type=int, default=1, help="measured rounds of fresh applicants")
    parser.add_argument("--announce", type=int, default=600, help="results to announce (0: skip)")
    parser.add_argument(
        "--parts", default="echo,bot,bot+upload,announce", help="which measurements (comma-separated)"
    )
    parser.add_argument("--download-mbps", type=float, default=8.0, help="emulator file download MB/s")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
