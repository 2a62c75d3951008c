"""Several instances in webhook mode on one PostgreSQL behind round-robin delivery: 200
applicants through eligibility and the whole recommendation form, with duplicate deliveries
and concurrent updates of one applicant injected, and one instance killed with SIGKILL midway.
Every applicant ends with a confirmed form, every message arrives exactly once (none lost,
none repeated), every reminder goes once."""

from __future__ import annotations

import asyncio
import re
import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.sandbox.emulator import BotApiEmulator
from storage.db import Database
from storage.models import Applicant, Application
from tests.e2e.harness import BotProcess, Chat, free_port, webhook_section, write_config
from tests.e2e.test_eligibility_e2e import ELIGIBLE
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code

APPLICANTS = 200
WAITING = 10  # seeded applications that are due one reminder each
PROMPTS = {"申报条件": (re.compile(r"申报条件 (\d+)/11"), 11), "推荐表": (re.compile(r"推荐表 (\d+)/12"), 12)}
SHANGHAI = ZoneInfo("Asia/Shanghai")
FORM = [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:]]
# (how, value, what the reply to it contains)
STEPS = [
    *[
        (how, value, f"申报条件 {n + 2}/11" if n < 10 else "符合申报条件")
        for n, (how, value) in enumerate(ELIGIBLE)
    ],
    ("press", "开始填写推荐表", "推荐表 1/12"),
    *[
        (how, value, f"推荐表 {n + 2}/12" if n < 11 else "请核对推荐表")
        for n, (how, value) in enumerate(FORM)
    ],
    ("press", "确认无误", "我单位申报的所有材料"),
    ("press", "我单位承诺", "推荐表已确认"),
]


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
    await chat.until("申报条件 1/11", timeout=90)
    for step, (how, value, reply) in enumerate(STEPS):
        if how == "press":
            update = emulator.press_button(chat.user, chat.last(), value)
        else:
            update = emulator.send_text(chat.user, value)
        if (index + step) % 4 == 0:
            emulator.redeliver(update["update_id"])  # a duplicate delivery, to any instance
        if step in (5, 20) and index % 3 == 0:
            emulator.send_text(chat.user, "/status")  # a concurrent update of the same applicant
        await chat.until(reply, timeout=90)


async def start_instances(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str, count: int
) -> list[BotProcess]:
    ports = [free_port() for _ in range(count)]
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
    return processes


@pytest.mark.parametrize("instances", [2, 3])
async def test_instances_on_postgresql(
    tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str, instances: int
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several instances share one PostgreSQL database")
    waiting = await seed_waiting(database_url)
    for user in waiting:
        emulator.user(user)
    processes = await start_instances(tmp_path, emulator, framework, database_url, instances)
    users = [32_000 + i for i in range(APPLICANTS)]
    try:
        runs = [asyncio.create_task(journey(emulator, user, i)) for i, user in enumerate(users)]
        halfway = APPLICANTS * len(STEPS) // 2
        await emulator.wait_for(lambda: sum(len(emulator.messages(u)) for u in users) > halfway, 300)
        assert await processes[1].stop(signal.SIGKILL) == -signal.SIGKILL  # killed midway
        await asyncio.wait_for(asyncio.gather(*runs), timeout=600)
        await emulator.wait_for(lambda: all(_count(emulator, u, "申报提醒") >= 1 for u in waiting), 60)
        await emulator.wait_idle(quiet=1.0, timeout=60)
    finally:
        for process in processes:
            if process.process is not None and process.process.returncode is None:
                await process.stop(signal.SIGTERM)
    assert await confirmed_forms(database_url, users) == len(users)
    assert [_count(emulator, u, "申报提醒") for u in waiting] == [1] * WAITING
    lost, repeated = [], []
    sent = sent_to_chats(emulator)
    for user in users:
        texts = sent.get(user, [])
        repeated += [(user, text[:30]) for text, n in Counter(texts).items() if n > 1]
        for word, (pattern, total) in PROMPTS.items():
            seen = Counter(int(n) for text in texts for n in pattern.findall(text))
            lost += [(user, word, n) for n in range(1, total + 1) if seen[n] == 0]
        assert sum("推荐表已确认" in text for text in texts) == 1  # the .docx, captioned
    assert lost == []
    assert repeated == []
    carried = [c for c in emulator.calls if getattr(c, "via_webhook", False) and c.status == 200]
    assert len(carried) > APPLICANTS * len(STEPS) // 2  # most replies travelled in the answers


async def confirmed_forms(url: str, users: list[int]) -> int:
    database = Database(url)
    try:
        async with database.unit_of_work() as session:
            rows = await session.execute(
                select(Application).where(
                    Application.applicant_id.in_(users), Application.form_confirmed_at.is_not(None)
                )
            )
            return len(rows.scalars().all())
    finally:
        await database.close()


def sent_to_chats(emulator: BotApiEmulator) -> dict[int, list[str]]:
    """Every message Telegram accepted (sent by the bot or carried in a webhook answer), as the
    text or caption it was sent with, by chat."""
    sent: dict[int, list[str]] = {}
    for call in emulator.calls:
        if call.method in ("sendMessage", "sendDocument") and call.status == 200:
            text = str(call.params.get("text") or call.params.get("caption") or "")
            sent.setdefault(int(str(call.params.get("chat_id"))), []).append(text)
    return sent


def _count(emulator: BotApiEmulator, user: int, fragment: str) -> int:
    return sum(fragment in m.plain for m in emulator.messages(user))
