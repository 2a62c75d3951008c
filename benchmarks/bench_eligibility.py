"""Update throughput of the eligibility flow, on both frameworks, against the emulator.

Many applicants answer the whole eligibility conversation at once (each waits for the bot's
reply before its next answer, as a person would). Prints updates handled per second and the
reply latency. Run: .venv/bin/python benchmarks/bench_eligibility.py [--applicants 40]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.sandbox.emulator import BotApiEmulator
from storage.db import upgrade
from tests.e2e.harness import TOKEN, Chat, InProcessBot, write_config
from tests.e2e.test_eligibility_e2e import ELIGIBLE

STEPS = [("press", "同意"), *ELIGIBLE]


async def applicant(emulator: BotApiEmulator, user_id: int, latencies: list[float]) -> int:
    chat = Chat(emulator, user_id)
    started = time.perf_counter()
    await chat.send("/start")
    latencies.append(time.perf_counter() - started)
    for how, value in STEPS:
        started = time.perf_counter()
        await (chat.press(value) if how == "press" else chat.send(value))
        latencies.append(time.perf_counter() - started)
    assert "符合申报条件" in chat.last().plain
    return 1 + len(STEPS)


async def measure(framework: str, applicants: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        async with BotApiEmulator(token=TOKEN) as emulator:
            bot = InProcessBot(write_config(tmp, emulator.base_url, framework, url))
            await bot.start()
            latencies: list[float] = []
            started = time.perf_counter()
            counts = await asyncio.gather(
                *(applicant(emulator, 50_000 + i, latencies) for i in range(applicants))
            )
            elapsed = time.perf_counter() - started
            await bot.stop()
    updates = sum(counts)
    p95 = statistics.quantiles(latencies, n=20)[18]
    print(
        f"{framework:8s} {applicants} applicants, {updates} updates in {elapsed:.2f} s: "
        f"{updates / elapsed:.1f} updates/s; "
        f"reply latency median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=40)
    args = parser.parse_args()
    for framework in ("ptb", "aiogram"):
        asyncio.run(measure(framework, args.applicants))


if __name__ == "__main__":
    main()
