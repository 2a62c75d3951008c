"""Item-by-item verification in the staff group over real HTTP, on both frameworks: five items found
inconsistent give "not passed", with the items listed."""

from __future__ import annotations

import pytest

from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, Chat
from tests.e2e.test_district_e2e import next_containing, submit_package
from tests.e2e.test_eligibility_e2e import USER

# position of the item → the value the expert found (typed the way people type figures)
FOUND = {6: "3.05", 7: "1.15亿", 8: "-40", 9: "１１０", 10: "12,000"}


@pytest.mark.usefixtures("bot")
async def test_five_inconsistent_items_do_not_pass(emulator: BotApiEmulator) -> None:
    group = emulator.group(STAFF_CHAT)
    chat = Chat(emulator, USER)
    await submit_package(chat)
    staff = emulator.user(STAFF_USER, first_name="工作人员")
    summary = await next_containing(emulator, STAFF_CHAT, "新申报：CQ2022-0001")
    emulator.press_button(staff, summary, "受理")
    await next_containing(emulator, STAFF_CHAT, "已受理")

    emulator.send_text(staff, "/verify CQ2022-0001", chat=group)
    item = await next_containing(emulator, STAFF_CHAT, "现场核查 1/")
    position = 1
    while item.button_texts():
        if position in FOUND:
            emulator.press_button(staff, item, "不一致")
            prompt = await next_containing(emulator, STAFF_CHAT, "核查值")
            emulator.send_text(staff, FOUND[position], chat=group, reply_to=prompt)
        else:
            emulator.press_button(staff, item, "✓ 一致")
        item = await next_containing(emulator, STAFF_CHAT, "现场核查")  # the package's files may come late
        position += 1
    assert position == 13, item.plain  # all twelve items of the campaign were asked
    assert "现场核查不通过：5 处填报与核查不一致（达到 5 处）" in item.plain
    for line in (
        "自评估得分：填报 3.5，核查 3.05",
        "主营业务收入：填报 12000，核查 11500",
        "实现利润：填报 -35.5，核查 -40",
        "上缴税金：填报 123，核查 110",
        "出口（万美元）：填报 1234.5，核查 12000",
    ):
        assert line in item.plain, item.plain

    emulator.send_text(staff, "/app CQ2022-0001", chat=group)
    card = await next_containing(emulator, STAFF_CHAT, "状态：")
    assert "状态：已完成专家核查" in card.plain
    assert "现场核查记录" in card.plain and "5 处不一致" in card.plain
