"""Every role of the process walked in the sandbox page, as a newcomer would, in headless Chromium
(issue 30): the applicant submits, the district department recommends, city staff accept and
assign, the expert verifies item by item, staff score, rank, announce, publish the 公示 list and ask
for the 案例集; then the sandbox restarts under the open page, which reconnects by itself.

Screenshots go to tests/output/roles-*.png (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.campaign.loader import load_campaign
from bot.config import PROJECT_ROOT
from bot.sandbox.roles import EXPERT_USER_IDS
from bot.sandbox.run import Sandbox
from tests.browser.test_journey_browser import FORM, any_bot_text, upload
from tests.browser.test_sandbox_browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    DOCX_MIME,
    bot_message_count,
    last_bot_text,
    missing_tools,
    press,
    send,
    wait_for_reply,
)
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.test_eligibility_e2e import ELIGIBLE
from tests.engine.test_submit_flow import a_pdf

APPLICANT, STAFF, DISTRICT, EXPERT = "#applicant-pane", "#staff-pane", "#district-pane", "#expert-pane"
OUTPUT = PROJECT_ROOT / "tests" / "output"
VERIFICATION_ITEMS = 12  # the campaign's [[review.items]]: what the expert checks on site


@pytest.fixture(autouse=True)
def browser_tools() -> None:
    missing = missing_tools()
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser test: {missing}")
    if missing:
        pytest.skip(missing)


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        await launched.close()


async def open_page(browser: Any, url: str, errors: list[str]) -> Any:
    context = await browser.new_context(viewport={"width": 1800, "height": 1000}, accept_downloads=True)
    page = await context.new_page()
    page.set_default_timeout(20_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(url)
    await page.wait_for_selector("body[data-ready='true']")
    return page


async def shot(page: Any, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(OUTPUT / f"roles-{name}.png"))


async def tab(page: Any, pane: str, label: str) -> None:
    await page.locator(f"{pane} .tab", has_text=label).click()
    await page.locator(f"{pane} .tab.active", has_text=label).wait_for()


async def press_in(page: Any, pane: str, message_text: str, label: str) -> None:
    """Press ``label`` under the latest bot message of ``pane`` that contains ``message_text``."""
    message = page.locator(f"{pane} .msg.in", has_text=message_text).last
    before = await bot_message_count(page, pane)
    await message.get_by_role("button", name=label).click()
    await wait_for_reply(page, pane, before)


async def submit_an_application(page: Any) -> None:
    """The applicant's part, as test_journey_browser walks it (district: 渝北)."""
    campaign = load_campaign(SHIPPED_CAMPAIGN)
    assert campaign.case is not None
    await page.locator(f"{APPLICANT} .start-btn").click()
    await wait_for_reply(page, APPLICANT, 0)
    await press(page, APPLICANT, "同意并开始")
    for how, value in ELIGIBLE:
        await (press(page, APPLICANT, value) if how == "press" else send(page, APPLICANT, value))
    await press(page, APPLICANT, "开始填写推荐表")
    for how, value in FORM:
        await (press(page, APPLICANT, value) if how == "press" else send(page, APPLICANT, value))

    async def share(dialog: Any) -> None:
        await dialog.accept("+86 138 0013 8000")

    page.once("dialog", share)
    before = await bot_message_count(page, APPLICANT)
    await page.locator(f"{APPLICANT} .reply-keyboard button").click()
    await wait_for_reply(page, APPLICANT, before)
    await press(page, APPLICANT, "确认无误")
    await press(page, APPLICANT, "我单位承诺")
    await upload(page, APPLICANT, "推荐表（盖章）.pdf", "application/pdf", a_pdf(2))
    await upload(page, APPLICANT, "案例.docx", DOCX_MIME, make_case(campaign.case).to_bytes())
    await send(page, APPLICANT, "/submit")
    await press(page, APPLICANT, "确认提交")
    assert "申报编号：CQ2022-0001" in await last_bot_text(page, APPLICANT)


async def test_every_role_walks_the_process(browser: Any, tmp_path: Path) -> None:
    sandbox = Sandbox(port=0, data_dir=tmp_path / "sandbox", polling_timeout=1)
    url = await sandbox.start()
    errors: list[str] = []
    try:
        page = await open_page(browser, url, errors)
        await shot(page, "start")
        # each role's empty chat offers /help, which lists that role's commands
        await page.locator(f"{DISTRICT} .start-btn").click()
        await any_bot_text(page, DISTRICT, "区县主管部门命令")
        await tab(page, EXPERT, "专家甲")
        await page.locator(f"{EXPERT} .start-btn").click()
        await any_bot_text(page, EXPERT, "核查专家命令")

        await submit_an_application(page)

        # ---- a colleague: the /invite link opens in the page as a new applicant ----------------
        await send(page, APPLICANT, "/invite")
        await page.locator(f"{APPLICANT} .msg.in a", has_text="https://t.me/").last.click()
        await page.locator("#applicants .applicant.active", has_text="同事").wait_for()
        await any_bot_text(page, APPLICANT, "已加入申报 CQ2022-0001")
        await shot(page, "colleague")
        await page.locator("#applicants .applicant", has_text="申请人 1").click()

        # ---- the district department: told in its group, recommends by the button ------------
        await any_bot_text(page, DISTRICT, "渝北区新申报：CQ2022-0001")
        await press_in(page, DISTRICT, "渝北区新申报：CQ2022-0001", "👍 推荐")
        # the prompt asks for a reply (ForceReply): the input is in reply mode, as in Telegram
        await page.locator(f"{DISTRICT} .reply-bar", has_text="请回复这条消息").wait_for()
        await send(page, DISTRICT, "该企业智能化水平较高，同意推荐")
        assert "请回复这条消息" in await page.locator(f"{DISTRICT} .msg.out .quoted").last.inner_text()
        assert await page.locator(f"{DISTRICT} .reply-bar").is_hidden()
        await any_bot_text(page, DISTRICT, "已记录 CQ2022-0001 的推荐意见")
        await shot(page, "district")

        # ---- city staff: the package with the opinion, accept, assign to 专家甲 ----------------
        await any_bot_text(page, STAFF, "新申报：CQ2022-0001")
        await any_bot_text(page, STAFF, "同意推荐")
        await press_in(page, STAFF, "新申报：CQ2022-0001", "✅ 受理")
        await send(page, STAFF, f"/assign CQ2022-0001 {EXPERT_USER_IDS[0]}")
        assert "已将 CQ2022-0001 分配给专家" in await last_bot_text(page, STAFF)

        # ---- the expert: item by item ----------------------------------------------------------
        await any_bot_text(page, EXPERT, "已分配给您")
        await press_in(page, EXPERT, "已分配给您", "开始逐项核查")
        for item in range(1, VERIFICATION_ITEMS + 1):
            assert f"现场核查 {item}/{VERIFICATION_ITEMS}" in await last_bot_text(page, EXPERT)
            await press(page, EXPERT, "✓ 一致")
        assert "现场核查通过" in await last_bot_text(page, EXPERT)
        await shot(page, "expert")

        # ---- city staff: score, rank, announce, 公示, 案例集 -----------------------------------------
        await send(page, STAFF, "/casescore CQ2022-0001 88")
        await send(page, STAFF, "/ranking")
        assert "1. ✅ CQ2022-0001" in await last_bot_text(page, STAFF)
        await send(page, STAFF, "/announce")
        for _ in range(3):  # the preview's confirmation (and a second one, should the call ask)
            confirm = page.locator(f"{STAFF} .msg.in").last.get_by_role("button", name="确认")
            if await confirm.count() == 0:
                break
            await press(page, STAFF, "确认")
        await any_bot_text(page, APPLICANT, "恭喜")
        await send(page, STAFF, "/publicity")
        await page.locator(f"{STAFF} .msg.in a.file-name", has_text="公示").first.wait_for()
        await send(page, STAFF, "/casebook")
        assert "公示" in await last_bot_text(page, STAFF)  # not before the 公示 period has passed
        # the sandbox's time moves ahead past the period (5 working days), as a newcomer does with ⏩
        for _ in range(2):
            await page.locator(".clock-btn", has_text="7 天").click()
            await page.locator("#toast", has_text="时间已快进").wait_for()
        await page.locator("#clock-now", has_text="已快进 14 天").wait_for()
        await send(page, STAFF, "/casebook")
        await page.locator(f"{STAFF} .msg.in a.file-name", has_text="案例集").first.wait_for()
        await shot(page, "staff")
    finally:
        await sandbox.stop()
    assert not errors, f"JavaScript errors on the page: {errors}"


async def test_the_page_reconnects_after_a_restart(browser: Any, tmp_path: Path) -> None:
    data = tmp_path / "sandbox"
    first = Sandbox(port=0, data_dir=data, polling_timeout=1)
    url = await first.start()
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    errors: list[str] = []
    page = await open_page(browser, url, errors)
    await send(page, APPLICANT, "/start")
    await first.stop()
    await page.locator("#connection").wait_for(state="visible")
    second = Sandbox(port=port, data_dir=data, polling_timeout=1)
    await second.start()
    try:
        await page.locator("#toast", has_text="已重新连接").wait_for(timeout=15_000)
        await page.locator("#connection").wait_for(state="hidden")
        assert "距截止还有" in await last_bot_text(page, APPLICANT)  # the chat is still there
        await press(page, APPLICANT, "同意并开始")  # a button of the last run still works
        assert "申报条件 1/" in await last_bot_text(page, APPLICANT)
        await shot(page, "reconnected")
    finally:
        await second.stop()
    assert not errors, f"JavaScript errors on the page: {errors}"
