"""kf/send_msg and kf/send_msg_on_event: idempotent msgid, and every limit refused with its code."""

from __future__ import annotations

from typing import Any

from bot.sandbox.wecom.emulator import WeComEmulator
from tests.sandbox.wecom.conftest import OPEN_KFID, Api

HOUR = 3600


def menu(*items: dict[str, Any], head: str = "请选择") -> dict[str, Any]:
    return {"head_content": head, "list": list(items)}


def click(menu_id: str, content: str) -> dict[str, Any]:
    return {"type": "click", "click": {"id": menu_id, "content": content}}


async def send_menu(api: Api, touser: str, body: dict[str, Any]) -> dict[str, Any]:
    return await api.post("kf/send_msg", touser=touser, open_kfid=OPEN_KFID, msgtype="msgmenu", msgmenu=body)


async def test_a_repeated_msgid_sends_once_and_answers_the_same_msgid(api: Api, emu: WeComEmulator) -> None:
    emu.send_text("wm_alice", "你好")
    first = await api.send_text("wm_alice", "您好", msgid="reply-0001")
    again = await api.send_text("wm_alice", "您好", msgid="reply-0001")
    assert first == again == {"errcode": 0, "errmsg": "ok", "msgid": "reply-0001"}
    assert [m["text"]["content"] for m in emu.messages("wm_alice")] == ["您好"]
    assert emu.store.customers["wm_alice"].budget == 4  # the repeat used none of the budget
    generated = await api.send_text("wm_alice", "无编号")
    assert generated["errcode"] == 0 and generated["msgid"] not in ("", "reply-0001")
    assert (await api.send_text("wm_alice", "x", msgid="bad id!"))["errcode"] == 40058


async def test_five_messages_per_customer_message_then_95001_until_they_write(
    api: Api, emu: WeComEmulator
) -> None:
    emu.send_text("wm_alice", "你好")
    answers = [await api.send_text("wm_alice", f"回复{n}") for n in range(6)]
    assert [a["errcode"] for a in answers] == [0, 0, 0, 0, 0, 95001]
    refusal = emu.refusals("wm_alice")[-1]
    assert refusal["errcode"] == 95001 and refusal["api"] == "kf/send_msg"
    emu.send_text("wm_alice", "还有问题")
    assert (await api.send_text("wm_alice", "请讲"))["errcode"] == 0
    assert len(emu.messages("wm_alice")) == 6


async def test_only_within_48_hours_of_the_customers_last_message(api: Api, emu: WeComEmulator) -> None:
    emu.send_text("wm_alice", "你好")
    emu.clock.advance(48 * HOUR)
    await api.get_token()
    assert (await api.send_text("wm_alice", "刚好48小时"))["errcode"] == 0
    emu.clock.advance(1)
    assert (await api.send_text("wm_alice", "晚了一秒"))["errcode"] == 95002
    assert [r["errcode"] for r in emu.refusals("wm_alice")] == [95002]
    emu.send_text("wm_alice", "我回来了")
    assert (await api.send_text("wm_alice", "欢迎回来"))["errcode"] == 0


async def test_someone_who_never_wrote_cannot_be_messaged(api: Api, emu: WeComEmulator) -> None:
    assert (await api.send_text("wm_stranger", "你好"))["errcode"] == 40096
    emu.enter_session("wm_dave", scene_param="cq")  # entering is not writing: no window yet
    assert (await api.send_text("wm_dave", "你好"))["errcode"] == 95002
    assert (await api.post("kf/send_msg", touser="wm_dave", open_kfid="wkOTHER", msgtype="text",
                           text={"content": "x"}))["errcode"] == 95000


async def test_text_up_to_2048_bytes(api: Api, emu: WeComEmulator) -> None:
    emu.send_text("wm_alice", "你好")
    assert (await api.send_text("wm_alice", "字" * 682 + "ab"))["errcode"] == 0  # 2,048 bytes in UTF-8
    assert (await api.send_text("wm_alice", "字" * 682 + "abc"))["errcode"] == 45002
    assert (await api.send_text("wm_alice", ""))["errcode"] == 40058
    assert [r["errcode"] for r in emu.refusals("wm_alice")] == [45002, 40058]


async def test_menu_limits(api: Api, emu: WeComEmulator) -> None:
    emu.send_text("wm_alice", "你好")
    ten = [click(f"id{n}", f"选项{n}") for n in range(10)]
    assert (await send_menu(api, "wm_alice", menu(*ten)))["errcode"] == 0
    eleven = [*ten, click("id10", "多一个")]
    assert (await send_menu(api, "wm_alice", menu(*eleven)))["errcode"] == 40058
    assert (await send_menu(api, "wm_alice", menu(click("x" * 65, "长编号"))))["errcode"] == 40058
    assert (await send_menu(api, "wm_alice", menu(click("ok", "字" * 43))))["errcode"] == 40058  # 129 bytes
    assert (await send_menu(api, "wm_alice", menu(click("x" * 64, "字" * 42 + "ab"))))["errcode"] == 0
    shown = emu.messages("wm_alice")[0]
    assert shown["msgtype"] == "msgmenu" and shown["menu"]["head_content"] == "请选择"
    assert shown["menu"]["list"][3] == {"type": "click", "id": "id3", "content": "选项3"}
    assert len(emu.refusals("wm_alice")) == 3


async def test_welcome_message_once_within_20_seconds_of_entering(api: Api, emu: WeComEmulator) -> None:
    code = emu.enter_session("wm_erin", scene_param="join-X")["event"]["welcome_code"]
    welcome = {"code": code, "msgtype": "text", "text": {"content": "欢迎"}}
    assert (await api.post("kf/send_msg_on_event", **welcome))["errcode"] == 0
    assert (await api.post("kf/send_msg_on_event", **welcome))["errcode"] == 40029  # used
    late = emu.enter_session("wm_erin", scene_param="join-X")["event"]["welcome_code"]
    emu.clock.advance(21)
    assert (await api.post("kf/send_msg_on_event", **{**welcome, "code": late}))["errcode"] == 40029
    third = emu.enter_session("wm_erin")["event"]["welcome_code"]
    as_file = {"code": third, "msgtype": "file", "file": {"media_id": "m"}}
    assert (await api.post("kf/send_msg_on_event", **as_file))["errcode"] == 40008
    assert [m["text"]["content"] for m in emu.messages("wm_erin")] == ["欢迎"]
    assert emu.messages("wm_erin")[0]["api"] == "kf/send_msg_on_event"
    assert [r["errcode"] for r in emu.refusals("wm_erin")] == [40029, 40029, 40008]


async def test_welcome_retry_with_the_same_msgid_is_not_refused(api: Api, emu: WeComEmulator) -> None:
    code = emu.enter_session("wm_erin")["event"]["welcome_code"]
    welcome = {"code": code, "msgid": "welcome-1", "msgtype": "text", "text": {"content": "欢迎"}}
    assert (await api.post("kf/send_msg_on_event", **welcome))["msgid"] == "welcome-1"
    again = await api.post("kf/send_msg_on_event", **welcome)
    assert again == {"errcode": 0, "errmsg": "ok", "msgid": "welcome-1"}
    assert len(emu.messages("wm_erin")) == 1
