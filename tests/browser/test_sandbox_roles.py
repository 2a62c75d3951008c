"""The sandbox's roles, its own settings and its data across restarts (issue 30.1), through the
page's JSON API against the real bot (no browser)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.sandbox.roles import DISTRICT_CHAT_ID, DISTRICT_USER_ID, EXPERT_USER_IDS, STAFF_CHAT_ID
from bot.sandbox.run import Sandbox
from bot.sandbox.web import FIRST_APPLICANT_ID
from bot.validation import ConfigError
from tests.browser.test_sandbox_api import PageChat, call


@asynccontextmanager
async def running(data_dir: Path, **options: object) -> AsyncIterator[aiohttp.ClientSession]:
    sandbox = Sandbox(port=0, data_dir=data_dir, polling_timeout=1, **options)  # type: ignore[arg-type]
    await sandbox.start()
    try:
        assert sandbox.emulator is not None
        async with aiohttp.ClientSession(base_url=sandbox.emulator.base_url) as http:
            yield http
    finally:
        await sandbox.stop()


async def test_every_role_has_a_pane_and_acts_as_its_own_user(tmp_path: Path) -> None:
    async with running(tmp_path / "data") as http:
        info = await call(http, "GET", "/api/info")
        panes = {pane["key"]: pane for pane in info["panes"]}
        assert list(panes) == ["staff", "district", "expert"]
        assert panes["staff"]["chats"][0]["id"] == STAFF_CHAT_ID
        assert {c["id"] for c in panes["district"]["chats"]} == {DISTRICT_CHAT_ID, DISTRICT_USER_ID}
        assert [c["id"] for c in panes["expert"]["chats"]] == list(EXPERT_USER_IDS)
        assert all(c["sender"]["id"] == c["id"] for c in panes["expert"]["chats"])  # private chats

        district = PageChat(http, DISTRICT_CHAT_ID)
        view = await district.send("/help")
        assert "区县主管部门命令（渝北区" in district.last_text(view)  # the bot took it for 渝北区's staff
        assert "/recommend" in {"/" + c["command"] for c in view["chats"][str(DISTRICT_CHAT_ID)]["commands"]}
        expert = PageChat(http, EXPERT_USER_IDS[0])
        view = await expert.send("/queue")
        assert "分配给您" in expert.last_text(view) or "没有" in expert.last_text(view)


async def test_data_is_kept_across_a_restart_unless_fresh(tmp_path: Path) -> None:
    data = tmp_path / "data"
    async with running(data) as http:
        first_run = (await call(http, "GET", "/api/info"))["run"]
        applicant = PageChat(http, FIRST_APPLICANT_ID)
        await applicant.send("/start")
        await applicant.press("同意并开始")
        before = applicant.bot_messages(await applicant.view())
        await call(http, "POST", "/api/applicants", json={"name": "第二家"})

    async with running(data) as http:
        info = await call(http, "GET", "/api/info")
        assert info["run"] != first_run and info["data"]["fresh"] is False
        view = await call(http, "GET", f"/api/view?chats={FIRST_APPLICANT_ID}")
        assert [a["name"] for a in view["applicants"]] == ["申请人 1", "第二家"]
        applicant = PageChat(http, FIRST_APPLICANT_ID)
        assert [m["text"] for m in applicant.bot_messages(view)] == [m["text"] for m in before]
        chat = view["chats"][str(FIRST_APPLICANT_ID)]
        assert any(m["out"] and m["text"] == "/start" for m in chat["messages"])
        # new updates are taken as new (their ids go on), and the bot still knows the consent
        view = await applicant.send("/status")
        assert "申报条件" in applicant.last_text(view)

    async with running(data, fresh=True) as http:
        info = await call(http, "GET", "/api/info")
        assert info["data"]["fresh"] is True
        view = await call(http, "GET", f"/api/view?chats={FIRST_APPLICANT_ID}")
        assert len(view["applicants"]) == 1 and view["chats"][str(FIRST_APPLICANT_ID)]["messages"] == []
        view = await PageChat(http, FIRST_APPLICANT_ID).send("/status")
        assert "/start" in PageChat(http, FIRST_APPLICANT_ID).last_text(view)  # no application any more


async def test_own_config_gives_its_people_and_keeps_the_sandbox_database(tmp_path: Path) -> None:
    config = tmp_path / "mine.toml"
    config.write_text(
        '[database]\nurl = "postgresql+asyncpg://prod.example/bot"\n'
        '[districts."江北区"]\nuser_ids = [700001]\n'
        "[review]\nexpert_user_ids = [700101]\n",
        encoding="utf-8",
    )
    async with running(tmp_path / "data", config=config) as http:
        info = await call(http, "GET", "/api/info")
        panes = {pane["key"]: pane for pane in info["panes"]}
        assert [c["id"] for c in panes["district"]["chats"]] == [700001]
        assert panes["district"]["chats"][0]["sender"]["name"] == "江北区经办人"
        assert [c["id"] for c in panes["expert"]["chats"]] == [700101]
        assert panes["staff"]["chats"][0]["id"] == STAFF_CHAT_ID  # the file named no staff
        assert info["data"]["config"].endswith("mine.toml")
        district = PageChat(http, 700001)
        assert "江北区" in district.last_text(await district.send("/help"))
    assert (tmp_path / "data" / "sandbox.db").exists()  # not the file's PostgreSQL


async def test_a_bad_config_names_its_key(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[districts."火星区"]\nuser_ids = [1]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        async with running(tmp_path / "data", config=config):
            pass
    assert "火星区" in str(raised.value)


async def test_a_reply_reaches_the_bot_as_a_reply_and_shows_its_quote(tmp_path: Path) -> None:
    async with running(tmp_path / "data") as http:
        applicant = PageChat(http, FIRST_APPLICANT_ID)
        view = await applicant.send("/start")
        welcome = applicant.bot_messages(view)[-1]
        path = f"/api/chats/{FIRST_APPLICANT_ID}/text"
        await call(http, "POST", path, json={"text": "好", "reply_to": welcome["id"]})
        messages = (await applicant.view())["chats"][str(FIRST_APPLICANT_ID)]["messages"]
        [sent] = [m for m in messages if m["out"] and m["text"] == "好"]
        assert sent["reply_to"]["id"] == welcome["id"] and sent["reply_to"]["text"] == welcome["text"][:80]
        await call(http, "POST", path, expect=404, json={"text": "x", "reply_to": 999})


@pytest.mark.parametrize("framework", ["ptb", "aiogram"])
async def test_the_command_menu_follows_lang(tmp_path: Path, framework: str) -> None:
    """Issue 30.4: after /lang → English the chat's menu is English (the simulated app is Chinese)."""
    async with running(tmp_path / "data", framework=framework) as http:
        applicant = PageChat(http, FIRST_APPLICANT_ID)
        await applicant.send("/lang")
        await applicant.press("English")
        view = await applicant.until(
            lambda v: "Start" in str(v["chats"][str(FIRST_APPLICANT_ID)]["commands"]), timeout=10
        )
        menu = {c["command"]: c["description"] for c in view["chats"][str(FIRST_APPLICANT_ID)]["commands"]}
        assert menu["start"].startswith("Start") and not any("申报" in d for d in menu.values()), menu


async def test_chats_are_saved_while_running_not_only_at_stop(tmp_path: Path) -> None:
    """A killed sandbox loses at most the last second: the chats are written soon after each change."""
    data = tmp_path / "data"
    async with running(data) as http:
        await PageChat(http, FIRST_APPLICANT_ID).send("/start")
        saved = data / "emulator.json"
        deadline = asyncio.get_running_loop().time() + 15
        while not (saved.exists() and "/start" in saved.read_text(encoding="utf-8")):
            assert asyncio.get_running_loop().time() < deadline, "the chats were not saved while running"
            await asyncio.sleep(0.1)


async def test_the_clock_moves_ahead_for_the_bot_and_stays_moved(tmp_path: Path) -> None:
    """⏩: the bot's own time moves (its countdown shrinks); kept across a restart, cleared by --fresh."""
    data = tmp_path / "data"
    async with running(data) as http:
        applicant = PageChat(http, FIRST_APPLICANT_ID)
        before = applicant.last_text(await applicant.send("/start"))
        assert "距截止还有 30 天" in before
        await call(http, "POST", "/api/clock", expect=400, json={"days": 0})
        await call(http, "POST", "/api/clock", expect=400, json={"days": "soon"})
        moved = await call(http, "POST", "/api/clock", json={"days": 7})
        assert moved["offset_days"] == 7
        assert "距截止还有 23 天" in applicant.last_text(await applicant.send("/start"))
    async with running(data) as http:
        assert (await call(http, "GET", "/api/info"))["clock"]["offset_days"] == 7
        again = PageChat(http, FIRST_APPLICANT_ID)
        assert "距截止还有 23 天" in again.last_text(await again.send("/start"))  # the deadline is kept too
    async with running(data, fresh=True) as http:
        assert (await call(http, "GET", "/api/info"))["clock"]["offset_days"] == 0
