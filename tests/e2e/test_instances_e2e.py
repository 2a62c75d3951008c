"""Several instances in webhook mode on one PostgreSQL behind round-robin delivery, with
duplicate deliveries, concurrent updates of one applicant, and one instance stopped midway:
every applicant ends eligible, nothing is lost or sent twice, every reminder goes exactly once.

(A SIGKILL in the middle is covered at the engine level: replies stored with the update are
replayed when their process died before sending them — tests/engine/test_eligibility_flow.py.)"""

from __future__ import annotations

import asyncio
import re
import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox.emulator import BotApiEmulator
from storage.db import Database
from storage.models import Applicant, Application
from tests.e2e.harness import BotProcess, Chat, free_port, webhook_section, write_config
from tests.e2e.test_eligibility_e2e import ELIGIBLE

APPLICANTS = 24
WAITING = 10  # seeded applications that are due one reminder each
PROMPT = re.compile(r"申报条件 (\d+)/11")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def deadline_tomorrow() -> datetime:
    today = datetime.now(SHANGHAI).date()
    return datetime.combine(
        today + timedelta(days=1), datetime.max.time().replace(microsecond=0), tzinfo=SHANGHAI
    )


async def seed_waiting(url: str) -> list[int]:
    """Applications started yesterday, so today's 00:00 reminder (1 day before) is due for each."""
    yesterday = datetime.now(UTC) - timedelta(days=1)
    database = Database(url)
    users = [31_000 + i for i in range(WAITING)]
    async with database.unit_of_work() as session:
        for i, user in enumerate(users):
            session.add(
                Applicant(
                    id=user,
                    chat_id=user,
                    lang="zh_CN",
                    consent_at=yesterday,
                    created_at=yesterday,
                    updated_at=yesterday,
                )
            )
            session.add(
                Application(
                    campaign_id="cq-benchmark-2022",
                    applicant_id=user,
                    status="draft",
                    number=f"CQ2022-9{i:03d}",
                    answers={},
                    flow={},
                    form={},
                    created_at=yesterday,
                    updated_at=yesterday,
                )
            )
    await database.close()
    return users


async def journey(emulator: BotApiEmulator, user: int, index: int) -> None:
    chat = Chat(emulator, user)
    await chat.send("/start")
    await chat.press("同意", expect=0)
    await chat.until("申报条件 1/11", timeout=60)
    for step, (how, value) in enumerate(ELIGIBLE):
        if how == "press":
            update = emulator.press_button(chat.user, chat.last(), value)
        else:
            update = emulator.send_text(chat.user, value)
        if (index + step) % 4 == 0:
            emulator.redeliver(update["update_id"])  # a duplicate delivery, to any instance
        if step == 5 and index % 3 == 0:
            emulator.send_text(chat.user, "/status")  # a concurrent update of the same applicant
        # up to REPLAY_AFTER (20 s) when the killed instance held this update
        await chat.until(f"申报条件 {step + 2}/11" if step < 10 else "符合申报条件", timeout=60)


@pytest.mark.parametrize("instances", [2, 3])
async def test_instances_on_postgresql(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str, instances: int
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several instances share one PostgreSQL database")
    waiting = await seed_waiting(database_url)
    for user in waiting:
        emulator.user(user)
    ports = [free_port() for _ in range(instances)]
    public = f"http://127.0.0.1:{ports[0]}/telegram"
    reminders = '[reminders]\ndays_before = [1]\nat = "00:00"\n[scheduler]\ntick_seconds = 0.5\n'
    processes = []
    for n, port in enumerate(ports):
        folder = tmp_path / f"instance{n}"
        folder.mkdir()
        config = write_config(
            folder,
            emulator.base_url,
            framework,
            database_url,
            deadline=deadline_tomorrow(),
            extra=webhook_section(port, public) + reminders,
            mode="webhook",
            files_dir=tmp_path / "files",
        )
        processes.append(BotProcess(config))
    for process in processes:
        await process.start()
    emulator.webhook_targets([f"http://127.0.0.1:{port}/telegram" for port in ports])
    await emulator.wait_for(lambda: bool(emulator.webhook.get("url")), timeout=30)
    users = [32_000 + i for i in range(APPLICANTS)]
    try:
        runs = [asyncio.create_task(journey(emulator, user, i)) for i, user in enumerate(users)]
        await emulator.wait_for(lambda: sum(len(emulator.messages(u)) for u in users) > APPLICANTS * 6, 60)
        assert await processes[1].stop(signal.SIGTERM) == 0  # one instance leaves midway
        await asyncio.wait_for(asyncio.gather(*runs), timeout=240)
        await emulator.wait_for(lambda: all(_reminders(emulator, u) >= 1 for u in waiting), timeout=30)
        await emulator.wait_idle(quiet=1.0, timeout=60)
    finally:
        for process in processes:
            if process.process is not None and process.process.returncode is None:
                await process.stop(signal.SIGTERM)
    lost, duplicated = [], []
    sent = [c for c in emulator.calls_of("sendMessage") if c.status == 200]
    for user in users:
        texts = [str(c.params.get("text", "")) for c in sent if str(c.params.get("chat_id")) == str(user)]
        prompts = Counter(int(m) for text in texts for m in PROMPT.findall(text))
        lost += [(user, n) for n in range(1, 12) if prompts[n] == 0]
        duplicated += [(user, n) for n, c in prompts.items() if c > 1]
        assert sum("符合申报条件" in m.plain for m in emulator.messages(user)) >= 1
    assert lost == []
    assert duplicated == []
    assert [_reminders(emulator, u) for u in waiting] == [1] * WAITING


def _reminders(emulator: BotApiEmulator, user: int) -> int:
    return sum("申报提醒" in m.plain for m in emulator.messages(user))
