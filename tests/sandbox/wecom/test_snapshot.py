"""The sandbox keeps the WeChat side across restarts (bot/sandbox/wecom_snapshot.py): the bot's
stored sync cursor still reads on, the conversations and files are back, ids go on counting."""

from __future__ import annotations

from pathlib import Path

from bot.engine.clock import FakeClock
from bot.sandbox import wecom_snapshot
from bot.sandbox.wecom.emulator import WeComEmulator
from tests.sandbox.wecom.conftest import AES_KEY, CORP_ID, OPEN_KFID, SECRET, TOKEN, Api


async def test_a_restart_keeps_conversations_files_and_the_cursor(
    api: Api, emu: WeComEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    emu.send_text("wm_alice", "你好")
    emu.send_file("wm_alice", "承诺书.pdf", b"%PDF-1.4 signed", "application/pdf")
    assert (await api.send_text("wm_alice", "收到", msgid="ack-1"))["errcode"] == 0
    cursor = (await api.post("kf/sync_msg"))["next_cursor"]
    wecom_snapshot.save(tmp_path, emu.store, {"wm_alice": "张经理"})
    before = [dict(entry) for entry in emu.store.customers["wm_alice"].timeline]

    again = WeComEmulator(CORP_ID, SECRET, OPEN_KFID, TOKEN, AES_KEY, clock=clock)
    await again.start()
    try:
        assert wecom_snapshot.restore(tmp_path, again.store) == {"wm_alice": "张经理"}
        after = again.store.customers["wm_alice"].timeline
        assert [e["seq"] for e in after] == [e["seq"] for e in before]
        file_url = after[1]["file"]["url"]
        assert file_url.startswith(again.base_url)  # the new address
        api.emu = again
        await api.get_token()
        again.send_text("wm_alice", "重启后")
        page = await api.post("kf/sync_msg", cursor=cursor)  # the cursor the bot kept
        assert [item["text"]["content"] for item in page["msg_list"]] == ["重启后"]
        assert again.store.customers["wm_alice"].timeline[-1]["seq"] > before[-1]["seq"]
        assert (await api.send_text("wm_alice", "收到", msgid="ack-1"))["msgid"] == "ack-1"
        assert len(again.messages("wm_alice")) == 1  # the repeated msgid sent nothing new
        async with api.http.get(file_url) as response:
            assert await response.read() == b"%PDF-1.4 signed"
    finally:
        await again.stop()
    wecom_snapshot.forget(tmp_path)
    assert wecom_snapshot.restore(tmp_path, emu.store) == {}
