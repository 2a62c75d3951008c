"""Announce results to many applicants through the emulator with Telegram's flood limits on.

Prints the delivery rate against the 30 messages/s ceiling, the 429 answers seen, and checks
that a restart in the middle leads to no duplicate and no lost message.
Run: .venv/bin/python benchmarks/bench_announce.py [--applicants 10000] [--framework ptb]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.campaign.loader import load_campaign
from bot.sandbox.emulator import BotApiEmulator
from storage.db import Database, upgrade
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, TOKEN, InProcessBot, write_config
from tests.support.seed import seed_verified

WORDS = ("恭喜", "未入选", "未通过")


def delivered(emulator: BotApiEmulator, users: list[int]) -> Counter[int]:
    counts: Counter[int] = Counter()
    for user in users:
        counts[user] = sum(any(w in m.plain for w in WORDS) for m in emulator.messages(user))
    return counts


async def until(condition: Callable[[], bool]) -> None:
    """Poll once a second (a condition over 10,000 chats is too costly to test on every event)."""
    while not condition():
        await asyncio.sleep(1)


async def run(count: int, framework: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        database = Database(url)
        made = await seed_verified(database, load_campaign(SHIPPED_CAMPAIGN), count, datetime.now(UTC))
        await database.close()
        users = [u for u, _ in made]
        async with BotApiEmulator(token=TOKEN) as emulator:
            for user in users:
                emulator.user(user)
            emulator.flood_limits(per_chat_per_second=1, global_per_second=30)
            config = write_config(tmp, emulator.base_url, framework, url)
            bot = InProcessBot(config)
            await bot.start()
            staff, group = emulator.user(STAFF_USER), emulator.group(STAFF_CHAT)
            emulator.send_text(staff, "/announce", chat=group)
            preview = await emulator.next_message(STAFF_CHAT, timeout=120)
            started = time.perf_counter()
            emulator.press_button(staff, preview, "确认发布")
            half = count // 2
            await until(lambda: sum(delivered(emulator, users).values()) >= half)
            first_half = time.perf_counter() - started
            await bot.stop()
            restart = InProcessBot(config)
            await restart.start()
            await until(lambda: sum(delivered(emulator, users).values()) >= count)
            elapsed = time.perf_counter() - started
            await emulator.wait_idle(quiet=2, timeout=60)
            await restart.stop()
            counts = delivered(emulator, users)
            throttled = sum(1 for c in emulator.calls_of("sendMessage") if c.status == 429)
    duplicates = sum(1 for n in counts.values() if n > 1)
    lost = sum(1 for n in counts.values() if n == 0)
    print(
        f"{framework}: {count} results in {elapsed:.1f} s "
        f"({count / elapsed:.1f} msg/s against the 30/s ceiling); "
        f"first half {half / first_half:.1f} msg/s; restart in the middle; 429s seen: {throttled}; "
        f"duplicates: {duplicates}; lost: {lost}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=10_000)
    parser.add_argument("--framework", default="ptb", choices=["ptb", "aiogram"])
    args = parser.parse_args()
    asyncio.run(run(args.applicants, args.framework))


if __name__ == "__main__":
    main()
