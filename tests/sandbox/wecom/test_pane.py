"""The sandbox page's WeChat pane API (bot/sandbox/wecom_pane.py): it acts only as WeChat
customers do, and shows what the bot sent, as the emulator recorded it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest_asyncio
from aiohttp import web

from bot.sandbox.wecom.emulator import WeComEmulator
from bot.sandbox.wecom_pane import WeComPane
from tests.sandbox.wecom.conftest import OPEN_KFID, Api


@pytest_asyncio.fixture
async def pane_url(emu: WeComEmulator) -> AsyncIterator[str]:
    app = web.Application()
    WeComPane(emu, scene_param="cq-benchmark-2022").add_routes(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/api/wecom"
    await runner.cleanup()


async def view(http: aiohttp.ClientSession, pane_url: str, **query: str) -> dict[str, Any]:
    async with http.get(f"{pane_url}/view", params={"wait": "0", **query}) as response:
        assert response.status == 200
        answer: dict[str, Any] = await response.json()
        return answer


async def test_a_new_customer_opens_the_link_with_the_campaign(
    http: aiohttp.ClientSession, pane_url: str, emu: WeComEmulator
) -> None:
    async with http.post(f"{pane_url}/customers", json={"name": "张经理"}) as response:
        added = await response.json()
    event = emu.store.log[-1]["event"]
    assert event["external_userid"] == added["id"] and event["scene_param"] == "cq-benchmark-2022"
    shown = await view(http, pane_url, customer=added["id"])
    assert shown["customers"][0]["name"] == "张经理" and not shown["customers"][0]["window_open"]
    assert shown["customers"][0]["written"] is False  # entering the chat is not writing
    assert shown["chat"]["items"][0]["kind"] == "event"


async def test_texts_menu_taps_and_files_reach_the_bot_as_customer_messages(
    http: aiohttp.ClientSession, pane_url: str, api: Api, emu: WeComEmulator
) -> None:
    async with http.post(f"{pane_url}/customers", json={}) as response:
        customer = (await response.json())["id"]
    async with http.post(f"{pane_url}/customers/{customer}/text", json={"text": "你好"}) as response:
        assert response.status == 200
    menu = {"head_content": "是否为制造业企业？",
            "list": [{"type": "click", "click": {"id": "yes", "content": "是"}}]}
    sent = await api.post(
        "kf/send_msg", touser=customer, open_kfid=OPEN_KFID, msgtype="msgmenu", msgmenu=menu
    )
    assert sent["errcode"] == 0
    async with http.post(f"{pane_url}/customers/{customer}/menu", json={"menu_id": "nope"}) as response:
        assert response.status == 400  # only items of menus the bot sent can be tapped
    async with http.post(f"{pane_url}/customers/{customer}/menu", json={"menu_id": "yes"}) as response:
        assert response.status == 200
    form = aiohttp.FormData()
    form.add_field("file", b"%PDF-1.4 signed", filename="承诺书.pdf", content_type="application/pdf")
    async with http.post(f"{pane_url}/customers/{customer}/file", data=form) as response:
        assert response.status == 200
    listed = (await api.post("kf/sync_msg"))["msg_list"]
    assert [item["msgtype"] for item in listed] == ["event", "text", "text", "file"]
    assert listed[2]["text"] == {"content": "是", "menu_id": "yes"}
    items = (await view(http, pane_url, customer=customer))["chat"]["items"]
    assert [item["kind"] for item in items] == ["event", "text", "menu", "text", "file"]
    assert items[2]["items"] == [{"type": "click", "id": "yes", "content": "是"}]
    async with http.get(items[4]["file"]["url"].replace("/api/wecom", pane_url)) as response:
        assert await response.read() == b"%PDF-1.4 signed"
        assert response.headers["Content-Security-Policy"] == "sandbox"


async def test_the_view_waits_for_a_change(http: aiohttp.ClientSession, pane_url: str) -> None:
    first = await view(http, pane_url)
    loop = asyncio.get_running_loop()
    started = loop.time()
    pending = asyncio.create_task(view(http, pane_url, since=first["digest"], wait="20"))
    async with http.post(f"{pane_url}/customers", json={"name": "李会计"}) as response:
        assert response.status == 200
    answered = await pending
    assert loop.time() - started < 10  # answered by the change, not by the 20 s time-out
    assert [c["name"] for c in answered["customers"]] == ["李会计"] and answered["connected"] is False


async def test_bad_input_changes_nothing(
    http: aiohttp.ClientSession, pane_url: str, emu: WeComEmulator
) -> None:
    async with http.post(f"{pane_url}/customers/wm_unknown/text", json={"text": "x"}) as response:
        assert response.status == 404
    async with http.post(f"{pane_url}/customers", json={}) as response:
        customer = (await response.json())["id"]
    for body in ({"text": ""}, {"text": "字" * 2049}):
        async with http.post(f"{pane_url}/customers/{customer}/text", json=body) as response:
            assert response.status == 400
    async with http.post(f"{pane_url}/customers/{customer}/file", data=b"x") as response:
        assert response.status == 400
    for wait in ("nan", "soon"):  # (a huge wait is capped at 25 s)
        async with http.get(f"{pane_url}/view", params={"wait": wait}) as response:
            assert response.status == 400
    assert len(emu.store.log) == 1  # only the customer's entering
