"""Colleagues over real HTTP on both frameworks: /invite → a second user opens the link → their
/status shows the same application; the first contact removes them → their access ends."""

from __future__ import annotations

import re

from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import Chat, InProcessBot
from tests.e2e.test_eligibility_e2e import USER, start

COLLEAGUE = 7002
LINK = re.compile(r"https://t\.me/shenbao_test_bot\?start=(join-[A-Za-z0-9_\-]+)")


async def test_invite_join_status_and_removal(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    owner, colleague = Chat(emulator, USER), Chat(emulator, COLLEAGUE)
    await start(owner)
    [invitation] = await owner.send("/invite")
    found = LINK.search(invitation.plain)
    assert found, invitation.plain
    await colleague.send(f"/start {found.group(1)}")  # what opening the t.me link sends
    await colleague.press("同意")
    await owner.until("已通过邀请链接加入")
    [mine] = await owner.send("/status")
    number = re.search(r"CQ2022-\d{4}", mine.plain)
    assert number is not None
    [theirs] = await colleague.send("/status")
    assert number.group(0) in theirs.plain

    [members] = await owner.send("/members")
    assert "第一联系人（您）" in members.plain and "张三" in members.plain
    await owner.press("移除")
    [removed] = await colleague.replies(1)
    assert "移出申报" in removed.plain
    [after] = await colleague.send("/status")
    assert number.group(0) not in after.plain
