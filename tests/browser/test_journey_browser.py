"""The whole journey in headless Chromium, both panes: an applicant from /start to the receipt, staff
finding their commands, reviewing the package and previewing the announcement (issue 19).

Screenshots of both panes go to tests/output/journey-*.png (git-ignored).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from bot.campaign.loader import load_campaign
from bot.config import PROJECT_ROOT
from tests.browser.test_sandbox_browser import (
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
from tests.engine.test_form_flow import valid_credit_code
from tests.engine.test_submit_flow import a_pdf

APPLICANT, STAFF = "#applicant-pane", "#staff-pane"
OUTPUT = PROJECT_ROOT / "tests" / "output"
# The form as an enterprise fills it in: typed answers, one pressed choice, the shared phone.
FORM = [
    ("type", "重庆两江智能制造有限公司"),
    ("type", "重庆市渝北区金开大道99号"),
    ("type", "渝北"),
    ("press", "汽车"),
    ("type", valid_credit_code()),
    ("type", "1.2亿"),
    ("type", "-35.5"),
    ("type", "123"),
    ("type", "12,345.6"),
    ("type", "汽车座椅 50万套/年"),
    ("type", "李四"),
]


@pytest.fixture(autouse=True)
def browser_tools() -> None:
    """As in test_sandbox_browser: skip without Chromium or Playwright, but fail in CI."""
    missing = missing_tools()
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser test: {missing}")
    if missing:
        pytest.skip(missing)


async def shot(page: Any, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(OUTPUT / f"journey-{name}.png"))


async def any_bot_text(page: Any, pane: str, fragment: str) -> None:
    """Wait until some bot message in ``pane`` contains ``fragment``."""
    await page.wait_for_function(
        "([sel, text]) => [...document.querySelectorAll(sel)].some(n => n.innerText.includes(text))",
        arg=[f"{pane} .msg.in", fragment],
    )


async def upload(page: Any, pane: str, name: str, mime: str, data: bytes) -> None:
    before = await bot_message_count(page, pane)
    await page.locator(f"{pane} input[type='file']").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )
    await wait_for_reply(page, pane, before)


async def wait_toast(page: Any, fragment: str) -> None:
    """Wait for a button notification containing ``fragment`` (an earlier one may still show)."""
    await page.locator("#toast", has_text=fragment).wait_for(state="visible")


async def staff_menu(page: Any, screenshot: str = "") -> list[str]:
    await page.locator(f"{STAFF} [data-role='menu-button']").click()
    items = page.locator(f"{STAFF} .command-menu .menu-command")
    await items.first.wait_for()
    commands = [str(c) for c in await items.all_inner_texts()]
    if screenshot:
        await shot(page, screenshot)
    await page.locator(f"{STAFF} [data-role='menu-button']").click()
    return commands


async def test_applicant_and_staff_journey(page: Any) -> None:
    campaign = load_campaign(SHIPPED_CAMPAIGN)
    assert campaign.case is not None
    banner = await page.locator("#banner").inner_text()
    assert "今天起 30 天后" in banner and "顺延" not in banner  # 10

    # ---- staff find their way (1, 2) -----------------------------------------------------------
    commands = await staff_menu(page, "menu")
    assert {"/queue", "/app", "/return", "/verify", "/announce", "/help"} <= set(commands)
    assert "/start" not in commands
    await send(page, STAFF, "/help")
    help_text = await last_bot_text(page, STAFF)
    assert "/app CQ2022-0007" in help_text and "/return CQ2022-0007" in help_text
    await send(page, STAFF, "/queue")
    assert "没有待审核的申报" in await last_bot_text(page, STAFF)

    # ---- the applicant: eligibility, and an old button (9) --------------------------------------
    await send(page, APPLICANT, "/start")
    welcome = page.locator(f"{APPLICANT} .msg.in").nth(await bot_message_count(page, APPLICANT) - 1)
    await press(page, APPLICANT, "同意并开始")
    for how, value in ELIGIBLE:
        await (press(page, APPLICANT, value) if how == "press" else send(page, APPLICANT, value))
    assert "符合申报条件" in await last_bot_text(page, APPLICANT)
    before = await bot_message_count(page, APPLICANT)
    await welcome.get_by_role("button", name="同意并开始").click()
    await wait_toast(page, "过期")
    assert await bot_message_count(page, APPLICANT) == before  # nothing re-sent

    # ---- the form: a chosen option replaces its buttons (9), the shared phone (7) ---------------
    await press(page, APPLICANT, "开始填写推荐表")
    for how, value in FORM:
        if how == "press":
            question = page.locator(f"{APPLICANT} .msg.in").nth(await bot_message_count(page, APPLICANT) - 1)
            await press(page, APPLICANT, value)
            await question.locator(".inline-keyboard button").first.wait_for(state="detached")
            assert "✓" in await question.inner_text()
            await shot(page, "choice")
        else:
            await send(page, APPLICANT, value)
    contact = page.locator(f"{APPLICANT} .reply-keyboard button")
    assert await contact.all_inner_texts() == ["📱 分享手机号"]

    async def share(dialog: Any) -> None:
        await dialog.accept("+86 138 0013 8000")

    page.once("dialog", share)
    before = await bot_message_count(page, APPLICANT)
    await contact.click()
    await wait_for_reply(page, APPLICANT, before)
    await any_bot_text(page, APPLICANT, "✓ 手机：13800138000")
    await press(page, APPLICANT, "确认无误")
    await press(page, APPLICANT, "我单位承诺")
    await any_bot_text(page, APPLICANT, "推荐表已确认")

    # the filled form names the district's department (8)
    form_file = page.locator(f"{APPLICANT} .msg.in a.file-name").last
    async with page.expect_download() as download_info:
        await form_file.click()
    docx_path = Path(await (await download_info.value).path())
    printed = "\n".join(
        c.text for t in Document(io.BytesIO(docx_path.read_bytes())).tables for r in t.rows for c in r.cells
    )
    assert "渝北区经济和信息化委员会（盖章）" in printed and "XX区" not in printed

    # ---- files, each ending with the next step (5) ----------------------------------------------
    await upload(page, APPLICANT, "推荐表（盖章）.pdf", "application/pdf", a_pdf(2))
    after_pdf = await last_bot_text(page, APPLICANT)
    assert "共 2 页" in after_pdf and "下一步" in after_pdf and "/template" in after_pdf
    await shot(page, "after-pdf")
    await send(page, APPLICANT, "/status")
    status = await last_bot_text(page, APPLICANT)
    assert "下一步" in status and "案例" in status.split("下一步")[1]
    await press(page, APPLICANT, "继续")
    resumed = await last_bot_text(page, APPLICANT)
    assert "下一步" in resumed and "推荐表已确认" not in resumed
    await upload(page, APPLICANT, "案例.docx", DOCX_MIME, make_case(campaign.case).to_bytes())
    assert "结构检查通过" in await last_bot_text(page, APPLICANT)
    await send(page, APPLICANT, "/help")
    assert "/submit" in await last_bot_text(page, APPLICANT)

    # ---- submit: the package, then the receipt (6) --------------------------------------------
    await send(page, APPLICANT, "/submit")
    package = await last_bot_text(page, APPLICANT)
    assert "请核对提交的材料" in package and "主营业务收入：12000 万元" in package and "第1版" in package
    await shot(page, "package")
    await press(page, APPLICANT, "确认提交")
    receipt = await last_bot_text(page, APPLICANT)
    assert "申报已提交" in receipt and "申报编号：CQ2022-0001" in receipt
    short = receipt.split("推荐表扫描件指纹：")[1].split()[0]
    assert len(short) == 12 and all(c in "0123456789abcdef" for c in short)
    await press(page, APPLICANT, "完整指纹")
    full = await last_bot_text(page, APPLICANT)
    assert any(len(word) == 64 and word.startswith(short) for word in full.split())
    await shot(page, "receipt")

    # ---- staff review: the card in words and units (4), the announcement preview (3) -----------
    await any_bot_text(page, STAFF, "新申报：CQ2022-0001")
    await send(page, STAFF, "/app CQ2022-0001")
    card = await last_bot_text(page, STAFF)
    assert "主营业务收入：12000 万元" in card and "提交申报（第1次） — 申报企业" in card
    assert "submit" not in card
    package_card = page.locator(f"{STAFF} .msg.in", has_text="新申报：CQ2022-0001").first
    before = await bot_message_count(page, STAFF)
    await package_card.get_by_role("button", name="✅ 受理").click()
    await wait_for_reply(page, STAFF, before)
    await send(page, STAFF, "/verify CQ2022-0001 0 3 3.5")
    await send(page, STAFF, "/app CQ2022-0001")
    card = await last_bot_text(page, STAFF)
    assert "受理 — 工作人员" in card and "录入现场核查：不一致 0 项，核查通过" in card
    await send(page, STAFF, "/casescore CQ2022-0001 80")  # results only from complete reviews
    await any_bot_text(page, STAFF, "案例评价得分：80")
    await send(page, STAFF, "/announce")
    preview = page.locator(f"{STAFF} .msg.in").last
    preview_text = await preview.inner_text()
    assert "恭喜！" in preview_text and "<b>" not in preview_text and "/b" not in preview_text
    assert "未入选通知样例" not in preview_text  # nobody gets that message
    assert await preview.locator("b", has_text="恭喜！").count() == 1  # bold, as applicants see it
    await shot(page, "staff")

    # ---- a staff member's private chat: applicant help, then staff help (1) --------------------
    await page.locator(f"{STAFF} [data-tab='private']").click()
    await page.locator(f"{STAFF} .chat-title .name", has_text="申报助手").wait_for()
    commands = await staff_menu(page)
    assert "/queue" in commands and "/start" in commands
    await send(page, STAFF, "/help")
    await any_bot_text(page, STAFF, "工作人员命令")
    private = await last_bot_text(page, STAFF)
    assert "/submit" in private
    await shot(page, "private")
