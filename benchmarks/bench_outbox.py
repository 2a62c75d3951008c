"""Send N outbox messages to N chats through the emulator with Telegram's flood limits enforced.

Reports the rate against the 30 messages/s ceiling (target >= 90 %) and the 429s seen (target 0).
Run: .venv/bin/python benchmarks/bench_outbox.py [--messages 2000] [--framework ptb]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_settings
from bot.engine.outbox_payload import message_payload
from bot.runtime import BotRuntime
from bot.sandbox.emulator import BotApiEmulator
from bot.services import build_services, prepare_campaigns
from storage.db import upgrade
from storage.repositories import Repositories
from tests.e2e.harness import TOKEN, write_config

CEILING = 30.0


async def run(count: int, framework: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        async with BotApiEmulator(token=TOKEN) as emulator:
            chats = [60_000 + i for i in range(count)]
            for chat in chats:
                emulator.user(chat)
            emulator.flood_limits(per_chat_per_second=1, global_per_second=30)
            config = write_config(tmp, emulator.base_url, framework, url)
            settings = load_settings(config, {"BOT_TOKEN": TOKEN})
            services = await build_services(settings, prepare_campaigns(settings))
            now = datetime.now(UTC)
            async with services.database.unit_of_work() as session:
                outbox = Repositories(session).outbox
                for chat in chats:
                    await outbox.enqueue(f"bench:{chat}", chat, message_payload(f"message {chat}"), now)
            runtime = BotRuntime(services, polling_timeout=1)
            await runtime.start()
            while runtime.sender.stats.sent < count:
                await asyncio.sleep(0.2)
            sends = [c.at for c in emulator.calls_of("sendMessage") if c.status == 200]
            elapsed = max(sends) - min(sends)  # first to last message, start-up excluded
            await runtime.stop()
            throttled = sum(1 for c in emulator.calls_of("sendMessage") if c.status == 429)
    rate = (count - 1) / elapsed
    print(
        f"{framework}: {count} messages to {count} chats in {elapsed:.1f} s = {rate:.1f}/s "
        f"({rate / CEILING:.0%} of the 30/s ceiling); 429s: {throttled}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--framework", default="ptb", choices=["ptb", "aiogram"])
    args = parser.parse_args()
    asyncio.run(run(args.messages, args.framework))


if __name__ == "__main__":
    main()
