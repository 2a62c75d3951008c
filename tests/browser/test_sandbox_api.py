"""The sandbox page's JSON API against the real bot, without a browser (aiohttp's client)."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import docx
import pytest

from bot.config import PROJECT_ROOT
from bot.sandbox.models import SentMessage
from bot.sandbox.run import STAFF_CHAT_ID, STAFF_USER_ID, Sandbox
from bot.sandbox.web import FIRST_APPLICANT_ID, reply_keyboard
from tests.e2e.test_eligibility_e2e import ELIGIBLE  # (press a button | type, value), one bot message each

CASE_HEADINGS = [
    "一、企业实施智能制造前面临的痛点",
    "二、智能制造案例基本情况及特点",
    "三、智能制造实施步骤",
    "四、智能制造实施成效",
    "五、智能制造行业影响及示范作用",
    "六、下一步工作计划",
    "七、智能制造经验总结",
]


def case_study_docx() -> bytes:
    """A small case study with the title and the seven headings (too short, so the report has advice)."""
    document = docx.Document()
    document.add_heading("重庆两江智能制造有限公司智能制造案例", level=0)
    for heading in CASE_HEADINGS:
        document.add_heading(heading, level=1)
        document.add_paragraph("我们建设了数字化车间，生产效率提升20%，产品不良品率降低15%。" * 4)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def framework() -> str:
    return "ptb"


@pytest.fixture
async def sandbox(tmp_path: Path, framework: str) -> AsyncIterator[Sandbox]:
    running = Sandbox(port=0, framework=framework, data_dir=tmp_path / "sandbox", polling_timeout=1)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[aiohttp.ClientSession]:
    assert sandbox.emulator is not None
    async with aiohttp.ClientSession(base_url=sandbox.emulator.base_url) as session:
        yield session


async def call(http: aiohttp.ClientSession, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
    async with http.request(method, path, **kwargs) as response:
        body = await response.json()
        assert response.status == expect, body
        return body


@dataclass
class PageChat:
    """What the page does in one chat: act, then long-poll the view until the bot answered."""

    http: aiohttp.ClientSession
    chat_id: int

    async def view(self, since: str = "", wait: float = 0) -> dict[str, Any]:
        return await call(self.http, "GET", f"/api/view?chats={self.chat_id}&since={since}&wait={wait}")

    def bot_messages(self, view: dict[str, Any]) -> list[dict[str, Any]]:
        return [m for m in view["chats"][str(self.chat_id)]["messages"] if not m["out"]]

    async def until(self, check: Any, timeout: float = 20) -> dict[str, Any]:
        """Long-poll (as the page does) until ``check(view)`` holds."""
        deadline = asyncio.get_running_loop().time() + timeout
        view = await self.view()
        while not check(view):
            assert asyncio.get_running_loop().time() < deadline, f"timed out; last view: {view}"
            view = await self.view(since=view["digest"], wait=5)
        return view

    async def act(self, path: str, **kwargs: Any) -> dict[str, Any]:
        """Do one action and wait for the bot's next message."""
        before = len(self.bot_messages(await self.view()))
        await call(self.http, "POST", f"/api/chats/{self.chat_id}/{path}", **kwargs)
        return await self.until(lambda v: len(self.bot_messages(v)) > before)

    async def send(self, text: str) -> dict[str, Any]:
        return await self.act("text", json={"text": text})

    async def press(self, label: str) -> dict[str, Any]:
        for message in reversed(self.bot_messages(await self.view())):
            buttons = [b for row in message["buttons"] for b in row]
            found = [b for b in buttons if b["text"] == label] or [b for b in buttons if label in b["text"]]
            if found:
                data = {"message_id": message["id"], "data": found[0]["callback_data"]}
                return await self.act("press", json=data)
        raise AssertionError(f"no button {label!r}")

    async def upload(self, name: str, data: bytes) -> dict[str, Any]:
        form = aiohttp.FormData()
        form.add_field("file", data, filename=name, content_type="application/octet-stream")
        return await self.act("document", data=form)

    def last_text(self, view: dict[str, Any]) -> str:
        return str(self.bot_messages(view)[-1]["text"])


async def test_page_and_static_files_are_served(http: aiohttp.ClientSession) -> None:
    async with http.get("/") as response:
        page = await response.text()
        assert response.status == 200 and "/static/sandbox.js" in page and "/static/sandbox.css" in page
    for name in ("sandbox.js", "sandbox.css"):
        async with http.get(f"/static/{name}") as response:
            assert response.status == 200 and len(await response.read()) > 1000


async def test_info_tells_the_deadline_was_moved(http: aiohttp.ClientSession) -> None:
    info = await call(http, "GET", "/api/info")
    campaign = info["campaign"]
    assert campaign["original_deadline"].startswith("2022-08-10")
    days = (datetime.fromisoformat(campaign["deadline"]) - datetime.now(UTC)).days
    assert 29 <= days <= 30 and campaign["moved_days"] == 30
    assert info["staff"]["group"]["id"] == STAFF_CHAT_ID < 0 and info["staff"]["user"]["id"] == STAFF_USER_ID


@pytest.mark.parametrize("framework", ["ptb", "aiogram"])
async def test_applicant_journey_upload_and_download(http: aiohttp.ClientSession) -> None:
    chat = PageChat(http, FIRST_APPLICANT_ID)
    view = await chat.send("/start")
    welcome = chat.bot_messages(view)[-1]
    assert "截止时间" in welcome["text"] and welcome["entities"][0]["type"] == "bold"
    assert "申报条件 1/11" in chat.last_text(await chat.press("同意并开始"))
    for how, value in ELIGIBLE:
        view = await (chat.press(value) if how == "press" else chat.send(value))
    assert "符合申报条件" in chat.last_text(view)
    view = await chat.upload("案例.docx", case_study_docx())
    assert "已收到案例" in chat.last_text(view)
    mine = [m for m in view["chats"][str(FIRST_APPLICANT_ID)]["messages"] if m["out"]]
    assert mine[-1]["file"]["name"] == "案例.docx" and mine[0]["text"] == "/start"
    template = chat.bot_messages(await chat.send("/template"))[-1]
    async with http.get(f"/api/files/{template['file']['id']}?download=1") as response:
        assert response.status == 200 and (await response.read()).startswith(b"PK")
        assert response.headers["Content-Disposition"].startswith("attachment; filename*=UTF-8''")


async def test_staff_pane_types_and_presses_as_the_staff_user(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    emu = sandbox.emulator
    assert emu is not None
    await call(http, "POST", f"/api/chats/{STAFF_CHAT_ID}/text", json={"text": "大家好"})
    group = PageChat(http, STAFF_CHAT_ID)
    view = await group.view()
    [said] = [m for m in view["chats"][str(STAFF_CHAT_ID)]["messages"] if m["out"]]
    assert said["text"] == "大家好" and said["from"] == "工作人员"
    # A message with a button in the group, sent over the Bot API as the bot would send it.
    markup = '{"inline_keyboard": [[{"text": "通过", "callback_data": "forged:approve"}]]}'
    fields = {"chat_id": str(STAFF_CHAT_ID), "text": "待审核", "reply_markup": markup}
    async with http.post(f"/bot{sandbox.token}/sendMessage", data=fields) as sent:
        message_id = (await sent.json())["result"]["message_id"]
    pressed = await call(
        http,
        "POST",
        f"/api/chats/{STAFF_CHAT_ID}/press",
        json={"message_id": message_id, "data": "forged:approve"},
    )
    # The bot answers every callback query, even one whose data it refuses (as here).
    await emu.wait_for(lambda: any(a.callback_query_id == pressed["query_id"] for a in emu.callback_answers))
    query = emu._history[pressed["update_id"]]["callback_query"]
    assert query["from"]["id"] == STAFF_USER_ID and query["message"]["chat"]["id"] == STAFF_CHAT_ID


async def test_new_applicants_and_refused_requests(http: aiohttp.ClientSession) -> None:
    created = await call(http, "POST", "/api/applicants")
    assert created["id"] == FIRST_APPLICANT_ID + 1
    view = await call(http, "GET", "/api/view?wait=0")
    assert [a["id"] for a in view["applicants"]] == [FIRST_APPLICANT_ID, FIRST_APPLICANT_ID + 1]
    await call(http, "POST", "/api/chats/42/text", 404, json={"text": "hi"})
    await call(http, "POST", f"/api/chats/{FIRST_APPLICANT_ID}/text", 400, json={"text": "  "})
    await call(
        http, "POST", f"/api/chats/{FIRST_APPLICANT_ID}/press", 404, json={"message_id": 99, "data": "x"}
    )
    await call(http, "POST", f"/api/chats/{FIRST_APPLICANT_ID}/contact", 400, json={"phone": "<b>"})
    await call(http, "GET", "/api/view?chats=abc", 400)
    async with http.get("/api/files/nope") as response:
        assert response.status == 404


async def test_user_text_comes_back_verbatim_and_contact_is_shown(http: aiohttp.ClientSession) -> None:
    chat = PageChat(http, FIRST_APPLICANT_ID)
    nasty = "<script>alert(1)</script> & <b>x</b>"
    await call(http, "POST", f"/api/chats/{FIRST_APPLICANT_ID}/text", json={"text": nasty})
    await call(http, "POST", f"/api/chats/{FIRST_APPLICANT_ID}/contact", json={"phone": "+86 138 0013 8000"})
    view = await chat.until(
        lambda v: len([m for m in v["chats"][str(FIRST_APPLICANT_ID)]["messages"] if m["out"]]) == 2
    )
    text, contact = [m for m in view["chats"][str(FIRST_APPLICANT_ID)]["messages"] if m["out"]]
    assert text["text"] == nasty and contact["contact"] == "8613800138000"  # as Telegram shares it


def test_reply_keyboard_is_the_latest_one_until_removed() -> None:
    def sent(message_id: int, markup: dict[str, Any]) -> SentMessage:
        return SentMessage(message_id, 1, 0, "t", "t", reply_markup=markup)

    share = {
        "keyboard": [[{"text": "分享手机号", "request_contact": True}], ["取消"]],
        "one_time_keyboard": True,
    }
    keyboard = reply_keyboard([sent(1, share), sent(2, {"inline_keyboard": []})])
    assert keyboard is not None and keyboard["source"] == 1 and keyboard["one_time"]
    assert keyboard["rows"] == [
        [{"text": "分享手机号", "contact": True}],
        [{"text": "取消", "contact": False}],
    ]
    assert reply_keyboard([sent(1, share), sent(3, {"remove_keyboard": True})]) is None


def _sandbox_command() -> list[str]:
    """``python -m bot sandbox`` once bot/cli.py has the sub-command, else the module itself."""
    from bot import cli

    help_text = cli._parser().format_help()
    wired = re.search(r"\bsandbox\b", help_text) is not None
    module = ["bot", "sandbox"] if wired else ["bot.sandbox.command"]
    return [sys.executable, "-m", *module]


async def test_command_prints_one_address_and_stops_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("BOT_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        *_sandbox_command(),
        "--port",
        "0",
        "--data-dir",
        str(tmp_path / "sandbox"),
        cwd=PROJECT_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=60)).decode()
        match = re.fullmatch(r"申报助手 sandbox: (http://127\.0\.0\.1:\d+/)\n", line)
        assert match, line
        async with aiohttp.ClientSession() as session, session.get(match.group(1)) as page:
            assert page.status == 200 and "sandbox.js" in await page.text()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        rest, errors = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, errors.decode()
    assert rest == b"", rest
    assert "重启后保留" in errors.decode() and "--fresh" in errors.decode()  # where the data is, said plainly
    assert not re.search(r"\d{6,}:[\w-]{20,}", (rest + errors).decode()), "a bot token was printed"
