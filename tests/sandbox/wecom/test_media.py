"""media/upload and media/get: the round trip, file messages both ways, ids valid 3 days."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import aiohttp

from bot.sandbox.wecom.emulator import WeComEmulator
from tests.sandbox.wecom.conftest import OPEN_KFID, Api

DOCX = b"PK\x03\x04 a filled form \x00\x01"


async def upload(api: Api, name: str, data: bytes, kind: str = "file") -> dict[str, Any]:
    form = aiohttp.FormData()
    form.add_field("media", data, filename=name, content_type="application/octet-stream")
    params = {"access_token": api.token, "type": kind}
    url = f"{api.emu.base_url}/cgi-bin/media/upload"
    async with api.http.post(url, params=params, data=form) as response:
        answer: dict[str, Any] = await response.json()
        return answer


async def media_get(api: Api, media_id: str) -> aiohttp.ClientResponse:
    params = {"access_token": api.token, "media_id": media_id}
    response = await api.http.get(f"{api.emu.base_url}/cgi-bin/media/get", params=params)
    await response.read()
    return response


async def test_upload_then_get_gives_the_bytes_and_the_name(api: Api) -> None:
    uploaded = await upload(api, "申报表.docx", DOCX)
    assert uploaded["errcode"] == 0 and uploaded["type"] == "file" and uploaded["media_id"]
    response = await media_get(api, uploaded["media_id"])
    assert await response.read() == DOCX
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "申报表.docx"


async def test_media_ids_last_three_days(api: Api, emu: WeComEmulator) -> None:
    media_id = (await upload(api, "a.pdf", b"%PDF-1.4"))["media_id"]
    emu.clock.advance(3 * 24 * 3600 + 1)
    await api.get_token()
    assert (await (await media_get(api, media_id)).json())["errcode"] == 40007
    emu.send_text("wm_alice", "请发文件")
    sent = await api.post("kf/send_msg", touser="wm_alice", open_kfid=OPEN_KFID, msgtype="file",
                          file={"media_id": media_id})
    assert sent["errcode"] == 40007


async def test_upload_limits(api: Api) -> None:
    assert (await upload(api, "tiny.txt", b"1234"))["errcode"] == 40006  # under 5 bytes
    assert (await upload(api, "a.exe", DOCX, kind="archive"))["errcode"] == 40005


async def test_a_file_the_bot_sends_reaches_the_customer(api: Api, emu: WeComEmulator) -> None:
    emu.send_text("wm_alice", "模板")
    media_id = (await upload(api, "案例模板.docx", DOCX))["media_id"]
    sent = await api.post("kf/send_msg", touser="wm_alice", open_kfid=OPEN_KFID, msgtype="file",
                          file={"media_id": media_id})
    assert sent["errcode"] == 0
    shown = emu.messages("wm_alice")[0]
    assert shown["msgtype"] == "file" and shown["file"]["name"] == "案例模板.docx"
    async with api.http.get(shown["file"]["url"]) as response:
        assert await response.read() == DOCX


async def test_a_file_the_customer_sends_is_fetched_with_media_get(api: Api, emu: WeComEmulator) -> None:
    emu.send_file("wm_alice", "承诺书.pdf", b"%PDF-1.4 signed", "application/pdf")
    item = (await api.post("kf/sync_msg"))["msg_list"][0]
    response = await media_get(api, item["file"]["media_id"])
    assert await response.read() == b"%PDF-1.4 signed"
    assert response.content_type == "application/pdf"
