"""Updates/s and reply latency of 1, 2 and 3 bot instances on one PostgreSQL, beside a bare echo bot.

For each instance count N: a fresh PostgreSQL database, N ``python -m bot run`` processes in
webhook mode on it (each its own port), and the emulator POSTing updates round-robin over
them (as the e2e test tests/e2e/test_instances_e2e.py does). A applicants then go through
the eligibility conversation at once — /start, 同意, the 11 questions — each answering only
after the bot's reply to the previous answer arrived, as a person would. The same run drives
``benchmarks/echo_bot.py`` (the same framework, no database, no engine) with N processes,
the same number of users and the same sequence of texts and button presses: that is the
ceiling of framework + emulator + load driver alone.

Measured over ``--rounds`` rounds of fresh applicants, after one round that is not counted:
- updates/s: updates sent / wall time from the first update to the last reply (over all rounds);
- latency of one update: from the test side queuing it in the emulator to the emulator
  receiving the bot's reply in that chat (timestamped when the sendMessage is stored);
- CPU during the measured window, from /proc: the bot processes, PostgreSQL (every process
  named ``postgres``), this process (load driver + emulator, one event loop) and the rest.

Telegram's default max_connections (40) applies: with more applicants than that, updates
also queue in the emulator, which is counted in their latency, as it would be on Telegram.
Run: .venv/bin/python benchmarks/bench_instances.py [--framework ptb|aiogram] [--applicants 60]
       [--rounds 3] [--instances 1,2,3]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AsyncExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import SentMessage
from storage.db import upgrade
from tests.e2e.harness import TOKEN, WEBHOOK_SECRET, free_port, webhook_section, write_config
from tests.e2e.test_eligibility_e2e import ELIGIBLE

ROOT = Path(__file__).resolve().parent.parent
ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"
ECHO_BOT = Path(__file__).with_name("echo_bot.py")
STEP_TIMEOUT = 60.0  # seconds one answer may wait for its reply before the run counts as failed
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CORES = len(os.sched_getaffinity(0))

# (how, value, a fragment of the reply that ends the step); "" = any reply ends it.
Step = tuple[str, str, str]
BOT_STEPS: list[Step] = [("type", "/start", "距截止还有"), ("press", "同意", "申报条件 1/11")] + [
    (how, value, f"申报条件 {n + 2}/11" if n < len(ELIGIBLE) - 1 else "符合申报条件")
    for n, (how, value) in enumerate(ELIGIBLE)
]
# The echo bot gets the same texts and as many presses (of its one "echo" button).
ECHO_STEPS: list[Step] = [(how, value if how == "type" else "echo", "") for how, value, _ in BOT_STEPS]


class TimedEmulator(BotApiEmulator):
    """The emulator, timestamping every message the bot sends and waking only that chat's waiter
    (the emulator's own ``wait_for`` wakes every waiter on every change: too costly for 60 users)."""

    def __init__(self) -> None:
        super().__init__(token=TOKEN)
        self.arrived: dict[int, list[float]] = {}
        self._chat_events: dict[int, asyncio.Event] = {}

    def add_sent(self, message: SentMessage) -> None:
        super().add_sent(message)
        self.arrived.setdefault(message.chat_id, []).append(time.perf_counter())
        event = self._chat_events.get(message.chat_id)
        if event is not None:
            event.set()

    async def wait_chat(self, chat_id: int, predicate: Callable[[], bool], timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        event = self._chat_events.setdefault(chat_id, asyncio.Event())
        while not predicate():
            event.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"no expected reply within {timeout:g}s. {self.describe_chat(chat_id)}")
            with suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)


async def applicant(emu: TimedEmulator, user_id: int, steps: list[Step], latencies: list[float]) -> None:
    """One person: each answer only after the reply to the previous one arrived."""
    user = emu.user(user_id)
    for how, value, fragment in steps:
        before = len(emu.sent_in(user_id))
        if how == "press":
            shown = reversed(emu.messages(user_id))
            target = next(m for m in shown if any(value in t for t in m.button_texts()))
            started = time.perf_counter()
            emu.press_button(user, target, value)
        else:
            started = time.perf_counter()
            emu.send_text(user, value)
        await emu.wait_chat(user_id, lambda before=before: len(emu.sent_in(user_id)) > before, STEP_TIMEOUT)
        latencies.append(emu.arrived[user_id][before] - started)

        def done(before: int = before, fragment: str = fragment) -> bool:
            return any(fragment in m.plain for m in emu.sent_in(user_id)[before:])

        await emu.wait_chat(user_id, done, STEP_TIMEOUT)


# ----- processes, databases and CPU accounting ---------------------------------------------------


class Child:
    """One bot or echo-bot process; its output goes to a log file (a pipe could fill and block it)."""

    def __init__(self, args: list[str], log: Path) -> None:
        self.args = args
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = {**os.environ, "BOT_TOKEN": TOKEN, "WEBHOOK_SECRET": WEBHOOK_SECRET, "PYTHONUNBUFFERED": "1"}
        with self.log.open("wb") as out:
            self.process = await asyncio.create_subprocess_exec(
                *self.args, cwd=ROOT, env=env, stdout=out, stderr=asyncio.subprocess.STDOUT
            )

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after 30 s; the exit code (None if it never started)."""
        if self.process is None:
            return None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout=30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return self.process.returncode

    def tail(self, lines: int = 8) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


async def create_database(stack: AsyncExitStack, name: str) -> str:
    """A fresh PostgreSQL database, dropped (WITH (FORCE)) when ``stack`` closes."""
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()

    async def drop() -> None:
        admin = await asyncpg.connect(ADMIN_DSN)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    stack.push_async_callback(drop)
    return f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"


def _proc_ticks(pid: int | str, reaped: bool = False) -> int:
    """utime + stime of one process in clock ticks, plus those of its exited and reaped children
    when ``reaped`` (0 when it is gone)."""
    try:
        rest = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return sum(int(v) for v in rest[11 : 15 if reaped else 13])


def _postgres_ticks() -> int:
    """CPU ticks of PostgreSQL: every live ``postgres`` process, plus the backends that already
    exited (the postmaster reaped them, so they are in its children's times). The bot opens and
    closes connections all the time, so the live backends alone would miss most of it."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    ticks += _proc_ticks(entry.name, reaped=True)
            except OSError:
                continue
    return ticks


@dataclass
class CpuSample:
    busy: int  # machine-wide clock ticks, all cores
    total: int
    children: int
    postgres: int
    own: float  # seconds

    @classmethod
    def take(cls, children: list[Child]) -> CpuSample:
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return cls(
            busy=sum(fields[:8]) - idle,
            total=sum(fields[:8]),
            children=sum(_proc_ticks(c.pid) for c in children),
            postgres=_postgres_ticks(),
            own=usage.ru_utime + usage.ru_stime,
        )

    def until(self, end: CpuSample) -> dict[str, float]:
        """CPU seconds per component between this sample and ``end``, and the machine's busy share."""
        machine = (end.busy - self.busy) / CLOCK_TICKS
        bots = (end.children - self.children) / CLOCK_TICKS
        postgres = (end.postgres - self.postgres) / CLOCK_TICKS
        own = end.own - self.own
        return {
            "bots": bots,
            "postgres": postgres,
            "driver": own,
            "other": max(machine - bots - postgres - own, 0.0),
            "busy": (end.busy - self.busy) / max(end.total - self.total, 1),
        }


async def sessions(database: str) -> int:
    """Connections ever opened to ``database`` (pg_stat_database.sessions, PostgreSQL 14+)."""
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        value = await admin.fetchval("SELECT sessions FROM pg_stat_database WHERE datname = $1", database)
    finally:
        await admin.close()
    return int(value or 0)


# ----- one configuration -------------------------------------------------------------------------


@dataclass
class Result:
    kind: str  # "bot" or "echo"
    framework: str
    instances: int
    updates: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    round_rates: list[float] = field(default_factory=list)
    connections: int | None = None  # PostgreSQL sessions opened during the measured rounds
    cpu: dict[str, float] = field(default_factory=dict)
    api_calls: int = 0
    failed_posts: int = 0
    exit_codes: list[int | None] = field(default_factory=list)
    error: str | None = None

    @property
    def label(self) -> str:
        name = "bot" if self.kind == "bot" else "echo bot"
        return f"{self.framework} {name}, {self.instances} instance{'s' if self.instances > 1 else ''}"

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile of the latencies, in ms."""
        ordered = sorted(self.latencies)
        return ordered[max(math.ceil(q / 100 * len(ordered)) - 1, 0)] * 1000

    def cpu_ms(self, component: str) -> float:
        """CPU milliseconds per update spent by ``component``."""
        return self.cpu.get(component, 0.0) * 1000 / self.updates if self.updates else 0.0


async def run_config(result: Result, applicants: int, rounds: int, workdir: Path) -> None:
    n, framework = result.instances, result.framework
    folder = workdir / f"{result.kind}-{framework}-{n}"
    folder.mkdir()
    steps = BOT_STEPS if result.kind == "bot" else ECHO_STEPS
    async with AsyncExitStack() as stack:
        emu = TimedEmulator()
        await emu.start()
        stack.push_async_callback(emu.stop)
        ports = [free_port() for _ in range(n)]
        public = f"http://127.0.0.1:{ports[0]}/telegram"
        children = []
        database = f"bench_instances_{os.getpid()}_{framework}_{n}"
        if result.kind == "bot":
            url = await create_database(stack, database)
            await asyncio.to_thread(upgrade, url)
            for i, port in enumerate(ports):
                (folder / f"instance{i}").mkdir()
                config = write_config(
                    folder / f"instance{i}",
                    emu.base_url,
                    framework,
                    url,
                    extra=webhook_section(port, public),
                    mode="webhook",
                    files_dir=folder / "files",
                )
                args = [sys.executable, "-m", "bot", "run", "--config", str(config)]
                children.append(Child(args, folder / f"instance{i}.log"))
        else:
            for i, port in enumerate(ports):
                args = [sys.executable, str(ECHO_BOT), "--framework", framework, "--api-base", emu.base_url]
                args += ["--port", str(port), "--public-url", public]
                children.append(Child(args, folder / f"echo{i}.log"))

        async def stop_children() -> None:
            codes = await asyncio.gather(*(c.stop() for c in children))
            result.exit_codes = result.exit_codes or list(codes)

        stack.push_async_callback(stop_children)  # runs first: before the database and emulator go
        emu.webhook_targets([f"http://127.0.0.1:{port}/telegram" for port in ports])
        for child in children:
            await child.start()
        await wait_ready(emu, children)

        # A round that is not counted: connection pools, caches and the emulator's queues reach the
        # state they have under this load, on every instance, before anything is timed.
        warm: list[float] = []
        await asyncio.gather(*(applicant(emu, 80_000 + i, steps, warm) for i in range(applicants)))
        await asyncio.sleep(1.0)  # PostgreSQL flushes session counts at most once a second
        opened = await sessions(database) if result.kind == "bot" else 0

        calls, deliveries = len(emu.calls), len(emu.webhook_deliveries)
        before = CpuSample.take(children)
        users: list[int] = []
        for number in range(rounds):  # fresh applicants each round, one after the other
            group = [100_000 * (number + 1) + i for i in range(applicants)]
            started = time.perf_counter()
            await asyncio.gather(*(applicant(emu, user, steps, result.latencies) for user in group))
            elapsed = time.perf_counter() - started
            result.seconds += elapsed
            result.round_rates.append(len(group) * len(steps) / elapsed)
            users += group
        result.cpu = before.until(CpuSample.take(children))
        result.updates = len(users) * len(steps)
        result.api_calls = len(emu.calls) - calls
        result.failed_posts = sum(not d.ok for d in emu.webhook_deliveries[deliveries:])
        if result.kind == "bot":
            unfinished = [u for u in users if "符合申报条件" not in emu.messages(u)[-1].plain]
            if unfinished:
                raise AssertionError(f"{len(unfinished)} applicant(s) did not end eligible")
        await stop_children()
        if result.kind == "bot":
            result.connections = await sessions(database) - opened


async def wait_ready(emu: TimedEmulator, children: list[Child], timeout: float = 90.0) -> None:
    """Every process has registered the webhook (its HTTP server listens before it does)."""
    deadline = time.monotonic() + timeout
    while sum(c.status == 200 for c in emu.calls_of("setWebhook")) < len(children):
        for child in children:
            assert child.process is not None
            if child.process.returncode is not None:
                code = child.process.returncode
                raise RuntimeError(f"{child.args[1:]} exited with {code}:\n{child.tail()}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"instances not ready within {timeout:g}s:\n{children[0].tail()}")
        await asyncio.sleep(0.05)


# ----- report ------------------------------------------------------------------------------------


def report(results: list[Result], applicants: int, rounds: int) -> None:
    done = [r for r in results if r.error is None]
    print(
        f"\n{results[0].framework}: {applicants} concurrent applicants x {len(BOT_STEPS)} updates each, "
        f"{rounds} round(s) per configuration, webhook mode, PostgreSQL; {CORES} cores shared by all\n"
    )
    header = (
        f"{'configuration':30} | {'updates/s':>9} | {'rounds':>9} | {'median ms':>9} | {'p99 ms':>6} | "
        f"{'CPU busy':>8} | {'calls/update':>12}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        if r.error is not None:
            print(f"{r.label:30} | FAILED: {r.error.splitlines()[0][:120]}")
            continue
        spread = f"{min(r.round_rates):.0f}-{max(r.round_rates):.0f}"
        print(
            f"{r.label:30} | {r.rate:9.1f} | {spread:>9} | {r.percentile(50):9.0f} | "
            f"{r.percentile(99):6.0f} | {r.cpu['busy'] * 100:7.0f}% | {r.api_calls / r.updates:12.2f}"
        )
    print(
        "\nCPU ms per update (bot processes | PostgreSQL | driver+emulator | rest of the machine), "
        "PostgreSQL connections opened per 100 updates"
    )
    for r in done:
        parts = " | ".join(f"{r.cpu_ms(c):5.1f}" for c in ("bots", "postgres", "driver", "other"))
        conns = f" | {r.connections * 100 / r.updates:5.1f}" if r.connections is not None else ""
        bad = f"; {r.failed_posts} webhook POST(s) answered non-2xx, redelivered" if r.failed_posts else ""
        codes = "" if all(c == 0 for c in r.exit_codes) else f"; exit codes {r.exit_codes}"
        print(f"  {r.label:30} {parts}{conns}{bad}{codes}")
    print()
    for line in interpret(done, applicants):
        print(line)


def interpret(done: list[Result], applicants: int) -> list[str]:
    """A few lines computed from the figures: where the curve bends and why."""
    bots = sorted((r for r in done if r.kind == "bot"), key=lambda r: r.instances)
    echoes = sorted((r for r in done if r.kind == "echo"), key=lambda r: r.instances)
    if not bots:
        return ["No bot configuration finished; nothing to interpret."]
    lines = []
    gains = {b.instances: b.rate / a.rate for a, b in itertools.pairwise(bots)}
    bend = next((n for n, g in gains.items() if g < 1.10), None)
    curve = " -> ".join(f"{r.rate:.0f}" for r in bots)
    counts = " -> ".join(str(r.instances) for r in bots)
    previous = {b.instances: a.instances for a, b in itertools.pairwise(bots)}
    where = (
        f"the curve flattens after {previous[bend]} (going to {bend} gives x{gains[bend]:.2f})"
        if bend is not None
        else "no bend (every added instance gained >10%) in the range measured"
    )
    lines.append(f"- Bot: {curve} updates/s for {counts} instance(s); {where}.")
    per_process = ", ".join(
        f"{r.instances}: {r.rate * r.cpu_ms('bots') / 10 / r.instances:.0f}%" for r in bots
    )
    busy = ", ".join(f"{r.instances}: {r.cpu['busy'] * 100:.0f}%" for r in bots)
    lines.append(
        f"- Why: a bot process is one Python event loop, so it can use at most one of the {CORES} cores. "
        f"Share of a core each bot process used, by instance count {per_process}; whole machine busy {busy}."
    )
    full = [r for r in bots if r.cpu["busy"] >= 0.9]
    best = max(bots, key=lambda r: r.rate)
    total = sum(best.cpu_ms(c) for c in ("bots", "postgres", "driver", "other"))
    limit = (
        f"From {full[0].instances} instance(s) the {CORES} cores are full: a further process only "
        "time-slices them with PostgreSQL, the emulator and the load driver."
        if full
        else "The cores never filled up, so the limit lay elsewhere (waiting, not CPU)."
    )
    lines.append(
        f"- {limit} An update costs {total:.1f} CPU-ms in all (bot {best.cpu_ms('bots'):.1f}, PostgreSQL "
        f"{best.cpu_ms('postgres'):.1f}, driver+emulator {best.cpu_ms('driver'):.1f}, rest "
        f"{best.cpu_ms('other'):.1f}): {CORES} cores cap that near {CORES * 1000 / total:.0f} updates/s; "
        f"best measured {best.rate:.0f} ({best.instances} instance(s))."
    )
    if echoes:
        one, top = echoes[0], max(echoes, key=lambda r: r.rate)
        echo_curve = " -> ".join(f"{r.rate:.0f}" for r in echoes)
        lines.append(
            f"- Ceiling: the bare echo bot does {echo_curve} updates/s for the same instance counts; "
            f"its process spends {one.cpu_ms('bots'):.1f} CPU-ms "
            f"per update against {bots[0].cpu_ms('bots'):.1f} for the bot's, which reaches "
            f"{best.rate / top.rate * 100:.0f}% of that ceiling (machine {top.cpu['busy'] * 100:.0f}% busy "
            "for the echo bot too): the difference is the engine, SQLAlchemy and PostgreSQL work of every "
            "update, not the framework."
        )
    first, last = bots[0], bots[-1]
    if first is not last and first.connections is not None and last.connections is not None:
        lines.append(
            f"- PostgreSQL CPU per update {first.cpu_ms('postgres'):.1f} -> {last.cpu_ms('postgres'):.1f} ms "
            f"and new connections per 100 updates {first.connections * 100 / first.updates:.1f} -> "
            f"{last.connections * 100 / last.updates:.1f} from {first.instances} to {last.instances} "
            "instance(s), consistent with each process's own SQLAlchemy pool (default 5 kept, overflow "
            "connections closed when returned): more processes under one load open and close more backends."
        )
    noisy = [r for r in done if r.cpu_ms("other") > 0.1 * sum(r.cpu_ms(c) for c in ("bots", "driver"))]
    if noisy:
        lines.append(
            "- Caution: processes outside this benchmark used the CPU during "
            + ", ".join(r.label for r in noisy)
            + " (the 'rest' column): those figures are lower than on a quiet machine."
        )
    mean = statistics.fmean(best.latencies) * 1000
    tails = ", ".join(f"{r.percentile(99):.0f} ms" for r in bots)
    tail_grows = last.percentile(99) > 1.1 * min(r.percentile(99) for r in bots)
    lines.append(
        f"- Latency follows throughput (closed loop, Little's law): {applicants} applicants / "
        f"{best.rate:.0f} updates/s = {applicants / best.rate * 1000:.0f} ms expected mean, {mean:.0f} ms "
        f"measured. p99 by instance count {tails}"
        + (
            ": the tail grows when processes outnumber cores (an update waits for its process to be "
            "scheduled)."
            if tail_grows
            else "."
        )
    )
    return lines


async def main_async(framework: str, applicants: int, rounds: int, instances: list[int]) -> None:
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)  # clean up on SIGTERM too
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_instances_") as folder:
        for n in instances:
            for kind in ("bot", "echo"):
                result = Result(kind, framework, n)
                results.append(result)
                began = time.perf_counter()
                try:
                    await run_config(result, applicants, rounds, Path(folder))
                except Exception as exc:
                    result.error = f"{type(exc).__name__}: {exc}"
                    print(f"{result.label}: FAILED\n{result.error}", file=sys.stderr)
                    continue
                print(
                    f"{result.label}: {result.rate:.1f} updates/s "
                    f"(configuration took {time.perf_counter() - began:.0f} s)",
                    file=sys.stderr,
                )
    report(results, applicants, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", choices=["ptb", "aiogram"], default="ptb")
    parser.add_argument("--applicants", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds per configuration")
    parser.add_argument("--instances", default="1,2,3", help="comma-separated instance counts")
    args = parser.parse_args()
    counts = [int(n) for n in args.instances.split(",") if n.strip()]
    asyncio.run(main_async(args.framework, args.applicants, args.rounds, counts))


if __name__ == "__main__":
    main()
