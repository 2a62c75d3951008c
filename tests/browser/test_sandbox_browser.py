"""The sandbox page in Debian's headless Chromium, driven by Playwright: the applicant journey.

/start → consent → eligibility (buttons and typed answers) → upload a case study → the report,
then a screenshot kept in tests/output/sandbox.png, a download of a document the bot sent, and
the staff pane. Skips when Chromium or Playwright is missing, except in CI (CI=true), which must
run it: scripts/install-browser.sh installs Chromium there.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.config import PROJECT_ROOT
from bot.sandbox.run import Sandbox
from bot.sandbox.web import FIRST_APPLICANT_ID
from tests.browser.test_sandbox_api import ELIGIBLE, case_study_docx

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")  # never fetch a browser build
CHROMIUM = Path(os.environ.get("SANDBOX_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = PROJECT_ROOT / "tests" / "output" / "sandbox.png"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def missing_tools() -> str | None:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium with scripts/install-browser.sh"
    return None


@pytest.fixture(autouse=True)
def browser_tools() -> None:
    """Skip without Chromium or Playwright (before a sandbox starts); in CI, fail instead."""
    missing = missing_tools()
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser test: {missing}")
    if missing:
        pytest.skip(missing)


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    running = Sandbox(port=0, data_dir=tmp_path / "sandbox", polling_timeout=1)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
def sandbox_url(sandbox: Sandbox) -> str:
    assert sandbox.emulator is not None
    return sandbox.emulator.base_url + "/"


@pytest.fixture
async def page(sandbox_url: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    errors: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        context = await browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        tab = await context.new_page()
        tab.set_default_timeout(20_000)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        await tab.goto(sandbox_url)
        await tab.wait_for_selector("body[data-ready='true']")
        yield tab
        await browser.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


async def bot_message_count(page: Any, pane: str) -> int:
    return int(await page.locator(f"{pane} .msg.in").count())


async def wait_for_reply(page: Any, pane: str, before: int) -> None:
    """Wait until the bot's messages in ``pane`` outnumber ``before`` (the page long-polls)."""
    await page.wait_for_function(
        "([selector, count]) => document.querySelectorAll(selector).length > count",
        arg=[f"{pane} .msg.in", before],
    )


async def send(page: Any, pane: str, text: str) -> None:
    before = await bot_message_count(page, pane)
    box = page.locator(f"{pane} textarea")
    await box.fill(text)
    await box.press("Enter")
    await wait_for_reply(page, pane, before)


async def press(page: Any, pane: str, label: str) -> None:
    """Click the button labelled ``label`` (exactly, else containing it) under the bot's last message."""
    last = page.locator(f"{pane} .msg.in").last
    button = last.get_by_role("button", name=label, exact=True)
    if await button.count() == 0:
        button = last.get_by_role("button", name=label)
    before = await bot_message_count(page, pane)
    await button.click()
    await wait_for_reply(page, pane, before)


async def last_bot_text(page: Any, pane: str) -> str:
    return str(await page.locator(f"{pane} .msg.in").last.inner_text())


async def test_applicant_journey_in_chromium(page: Any) -> None:
    applicant = "#applicant-pane"
    banner = await page.locator("#banner").inner_text()
    assert "2022-08-10" in banner and "今天起 30 天后" in banner and "顺延 30 天" not in banner
    await send(page, applicant, "/start")
    assert "距截止还有" in await last_bot_text(page, applicant)
    assert "申报助手" in await page.locator(f"{applicant} .msg.in b").first.inner_text()  # <b> entity
    await press(page, applicant, "同意并开始")
    assert "申报条件 1/11" in await last_bot_text(page, applicant)
    for how, value in ELIGIBLE:
        await (press(page, applicant, value) if how == "press" else send(page, applicant, value))
    assert "符合申报条件" in await last_bot_text(page, applicant)

    before = await bot_message_count(page, applicant)
    await page.locator(f"{applicant} input[type='file']").set_input_files(
        {"name": "案例.docx", "mimeType": DOCX_MIME, "buffer": case_study_docx()}
    )
    await wait_for_reply(page, applicant, before)
    assert "已收到案例" in await last_bot_text(page, applicant)
    assert "案例.docx" in await page.locator(f"{applicant} .msg.out").last.inner_text()
    # The artifact: the uploaded file at the top of the pane, the report's beginning below it.
    await page.locator(f"{applicant} .msg.out").last.evaluate("node => node.scrollIntoView({block: 'start'})")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOT))

    await send(page, applicant, "/template")
    async with page.expect_download() as download_info:
        await page.locator(f"{applicant} .msg.in").last.locator("a.file-name").click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".docx")
    assert Path(await download.path()).read_bytes().startswith(b"PK")


async def test_staff_pane_and_applicant_switching(page: Any) -> None:
    staff = "#staff-pane"
    await page.locator(f"{staff} textarea").fill("<b>不是粗体</b> <script>x()</script>")
    await page.locator(f"{staff} textarea").press("Enter")
    said = page.locator(f"{staff} .msg.out .text").last
    await said.wait_for()
    assert await said.inner_text() == "<b>不是粗体</b> <script>x()</script>"
    assert await page.locator(f"{staff} .msg.out b, {staff} .msg.out script").count() == 0

    await page.get_by_role("button", name="新申请人").click()
    await page.locator("#applicants .applicant.active", has_text="申请人 2").wait_for()
    await page.locator("#applicant-pane .start-btn").click()  # an empty bot chat offers START
    await wait_for_reply(page, "#applicant-pane", 0)
    assert "距截止还有" in await last_bot_text(page, "#applicant-pane")
    await page.locator("#applicants .applicant", has_text="申请人 1").click()
    await page.locator("#applicant-pane .empty").wait_for()


async def test_reply_keyboard_sends_text_and_shares_contact(
    page: Any, sandbox: Sandbox, sandbox_url: str
) -> None:
    """A one-time reply keyboard with a contact button, sent over the Bot API as the bot sends it."""
    markup = {
        "keyboard": [[{"text": "分享手机号", "request_contact": True}], [{"text": "稍后再说"}]],
        "one_time_keyboard": True,
        "resize_keyboard": True,
    }
    fields = {"chat_id": str(FIRST_APPLICANT_ID), "text": "请分享手机号", "reply_markup": json.dumps(markup)}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{sandbox_url}bot{sandbox.token}/sendMessage", data=fields) as sent,
    ):
        assert sent.status == 200
    keyboard = page.locator("#applicant-pane .reply-keyboard")
    await keyboard.get_by_role("button", name="稍后再说").click()
    await page.locator("#applicant-pane .msg.out .text", has_text="稍后再说").wait_for()
    await keyboard.wait_for(state="hidden")  # one-time: hidden once used, until reopened
    await page.locator("#applicant-pane .kb-toggle").click()

    async def share(dialog: Any) -> None:
        await dialog.accept("13800138000")

    page.once("dialog", share)
    await keyboard.get_by_role("button", name="分享手机号").click()
    await page.locator("#applicant-pane .msg.out .contact", has_text="13800138000").wait_for()
