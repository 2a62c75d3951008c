"""The encrypted callback: decrypted with wechatpy's own WeCom crypto, signed as WeCom signs it."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

from bot.sandbox.wecom.emulator import WeComEmulator
from tests.sandbox.wecom.conftest import CORP_ID, OPEN_KFID, TOKEN, BotStandIn


async def test_each_customer_message_posts_a_decryptable_callback(
    emu: WeComEmulator, bot_endpoint: BotStandIn
) -> None:
    emu.send_text("wm_alice", "你好")
    emu.enter_session("wm_carol", scene_param="cq-2022")
    await emu.wait_callbacks()
    assert len(bot_endpoint.received) == 2  # decrypt_message raised nothing: signature and corp id hold
    event = ET.fromstring(bot_endpoint.received[0])
    assert event.findtext("ToUserName") == CORP_ID
    assert event.findtext("MsgType") == "event" and event.findtext("Event") == "kf_msg_or_event"
    assert event.findtext("OpenKfId") == OPEN_KFID
    assert int(event.findtext("CreateTime") or 0) == int(emu.clock.time())
    tokens = {ET.fromstring(xml).findtext("Token") for xml in bot_endpoint.received}
    assert len(tokens) == 2


async def test_msg_signature_is_sha1_of_sorted_token_timestamp_nonce_encrypt(
    emu: WeComEmulator, bot_endpoint: BotStandIn
) -> None:
    emu.send_text("wm_alice", "你好")
    await emu.wait_callbacks()
    query, body = bot_endpoint.raw[0]
    envelope = ET.fromstring(body)
    encrypt = envelope.findtext("Encrypt") or ""
    assert envelope.findtext("ToUserName") == CORP_ID
    parts = sorted([TOKEN, query["timestamp"], query["nonce"], encrypt])
    assert query["msg_signature"] == hashlib.sha1("".join(parts).encode()).hexdigest()


async def test_a_failed_callback_is_posted_again(emu: WeComEmulator, bot_endpoint: BotStandIn) -> None:
    bot_endpoint.status = 500
    emu.send_text("wm_alice", "你好")
    await emu.wait_callbacks()
    delivery = emu.callbacks.deliveries[0]
    assert delivery.attempts == 3 and not delivery.delivered and delivery.status == 500
    assert len(bot_endpoint.received) == 3


async def test_no_callback_url_means_nothing_posted_but_messages_kept(emu: WeComEmulator) -> None:
    emu.send_text("wm_alice", "你好")
    assert emu.callbacks.deliveries == [] and len(emu.store.log) == 1


async def test_verify_callback_needs_the_decrypted_echostr(
    emu: WeComEmulator, bot_endpoint: BotStandIn
) -> None:
    assert await emu.verify_callback()
    bot_endpoint.echo_wrong = True
    assert not await emu.verify_callback()
    emu.set_callback(None)
    assert not await emu.verify_callback()
