"""kf/sync_msg: WeCom's message list, paged with cursor/has_more, read with the callback's token."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bot.sandbox.wecom.emulator import WeComEmulator
from tests.sandbox.wecom.conftest import OPEN_KFID, Api, BotStandIn


async def test_paging_with_cursor_and_has_more(api: Api, emu: WeComEmulator) -> None:
    for number in range(5):
        emu.send_text("wm_alice", f"第{number}条")
    contents: list[str] = []
    pages: list[int] = []
    cursor = ""
    while True:
        page = await api.post("kf/sync_msg", cursor=cursor, limit=2, open_kfid=OPEN_KFID)
        assert page["errcode"] == 0
        contents += [item["text"]["content"] for item in page["msg_list"]]
        pages.append(page["has_more"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert contents == [f"第{number}条" for number in range(5)]
    assert pages == [1, 1, 0]
    emu.send_text("wm_alice", "后来的")  # resuming from the stored cursor gives only what is new
    later = await api.post("kf/sync_msg", cursor=cursor)
    assert [item["text"]["content"] for item in later["msg_list"]] == ["后来的"] and later["has_more"] == 0
    restart = await api.post("kf/sync_msg")  # no cursor: from the earliest message of the last 3 days
    assert len(restart["msg_list"]) == 6


async def test_items_are_shaped_as_wecom_lists_them(api: Api, emu: WeComEmulator) -> None:
    emu.enter_session("wm_bob", scene_param="join-ABC123", scene="site")
    emu.send_text("wm_bob", "你好")
    emu.click_menu("wm_bob", "step-2", "提交")
    emu.send_file("wm_bob", "承诺书.pdf", b"%PDF-1.4 signed", "application/pdf")
    items = (await api.post("kf/sync_msg"))["msg_list"]
    event, text, click, file = items
    assert event["origin"] == 4 and event["msgtype"] == "event"
    assert event["event"]["event_type"] == "enter_session"
    assert event["event"]["external_userid"] == "wm_bob" and event["event"]["open_kfid"] == OPEN_KFID
    assert event["event"]["scene_param"] == "join-ABC123" and event["event"]["welcome_code"]
    for item in (text, click, file):
        assert item["origin"] == 3 and item["external_userid"] == "wm_bob" and item["open_kfid"] == OPEN_KFID
        assert isinstance(item["send_time"], int) and item["msgid"]
    assert text["text"] == {"content": "你好"}
    assert click["msgtype"] == "text" and click["text"] == {"content": "提交", "menu_id": "step-2"}
    assert file["msgtype"] == "file" and set(file["file"]) == {"media_id"}
    assert len({item["msgid"] for item in items}) == 4


async def test_the_callback_token_reads_for_ten_minutes(
    api: Api, emu: WeComEmulator, bot_endpoint: BotStandIn
) -> None:
    emu.send_text("wm_alice", "你好")
    await emu.wait_callbacks()
    sync_token = ET.fromstring(bot_endpoint.received[0]).findtext("Token")
    assert sync_token
    assert (await api.post("kf/sync_msg", token=sync_token, open_kfid=OPEN_KFID))["errcode"] == 0
    assert (await api.post("kf/sync_msg", token="ENCforged"))["errcode"] == 95007
    emu.clock.advance(601)
    await api.get_token()
    assert (await api.post("kf/sync_msg", token=sync_token))["errcode"] == 95007


async def test_bad_parameters(api: Api, emu: WeComEmulator) -> None:
    assert (await api.post("kf/sync_msg", open_kfid="wkOTHER"))["errcode"] == 95000
    assert (await api.post("kf/sync_msg", limit=1001))["errcode"] == 40058
    assert (await api.post("kf/sync_msg", cursor="not-a-cursor"))["errcode"] == 40058


async def test_messages_older_than_three_days_are_not_listed(api: Api, emu: WeComEmulator) -> None:
    emu.send_text("wm_alice", "很久以前")
    emu.clock.advance(3 * 24 * 3600 + 1)
    emu.send_text("wm_alice", "现在")
    await api.get_token()
    listed = (await api.post("kf/sync_msg"))["msg_list"]
    assert [item["text"]["content"] for item in listed] == ["现在"]
