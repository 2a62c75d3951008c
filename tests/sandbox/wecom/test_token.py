"""gettoken and the access_token every other call needs (WeCom's codes 40001/40013/40014/41001/42001)."""

from __future__ import annotations

from bot.engine.clock import FakeClock
from bot.sandbox.wecom.emulator import WeComEmulator
from tests.sandbox.wecom.conftest import Api


async def test_gettoken_answers_a_token_valid_two_hours(api: Api) -> None:
    answer = await api.get_token()
    assert answer["errcode"] == 0 and answer["expires_in"] == 7200 and answer["access_token"]
    assert (await api.post("kf/sync_msg"))["errcode"] == 0


async def test_wrong_secret_or_corp_is_refused(api: Api) -> None:
    assert (await api.get_token(secret="not-the-secret"))["errcode"] == 40001
    assert (await api.get_token(corpid="wwsomeoneelse"))["errcode"] == 40013
    assert (await api.get_token(secret=""))["errcode"] == 41004


async def test_same_token_while_valid_then_expired_then_a_new_one(
    api: Api, emu: WeComEmulator, clock: FakeClock
) -> None:
    first = api.token
    emu.clock.advance(3600)
    again = await api.get_token()
    assert again["access_token"] == first and again["expires_in"] == 3600
    emu.clock.advance(3600)  # 7,200 s after it was issued
    expired = await api.post("kf/sync_msg", access_token=first)
    assert expired["errcode"] == 42001
    fresh = await api.get_token()
    assert fresh["access_token"] != first and fresh["expires_in"] == 7200
    assert (await api.post("kf/sync_msg"))["errcode"] == 0


async def test_missing_or_unknown_token(api: Api) -> None:
    assert (await api.post("kf/sync_msg", access_token=""))["errcode"] == 41001
    assert (await api.post("kf/sync_msg", access_token="forged"))["errcode"] == 40014
    async with api.http.get(f"{api.emu.base_url}/cgi-bin/media/get", params={"media_id": "x"}) as response:
        assert (await response.json())["errcode"] == 41001


async def test_clock_advance_moves_a_shared_fake_clock(emu: WeComEmulator, clock: FakeClock) -> None:
    before = clock.now()
    emu.clock.advance(90)
    assert (clock.now() - before).total_seconds() == 90
    assert emu.clock.time() == clock.now().timestamp()
