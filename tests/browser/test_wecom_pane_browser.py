"""The sandbox's WeChat pane in headless Chromium: an applicant on WeChat (WeCom 微信客服 through
the emulator, the bot's real WeCom adapter) taps the welcome menu, answers the eligibility
questions by menu items and by typing, sends the case study by picking the file, and downloads
the template the bot sends. Screenshot: tests/output/wecom-pane.png."""

from __future__ import annotations

from typing import Any

from bot.config import PROJECT_ROOT
from tests.browser.test_sandbox_api import ELIGIBLE, case_study_docx
from tests.browser.test_sandbox_browser import DOCX_MIME

PANE = "#wecom-pane"
SCREENSHOT = PROJECT_ROOT / "tests" / "output" / "wecom-pane.png"


async def bot_count(page: Any) -> int:
    return int(await page.locator(f"{PANE} .wx-msg.in").count())


async def wait_for_reply(page: Any, before: int) -> None:
    await page.wait_for_function(
        "([selector, count]) => document.querySelectorAll(selector).length > count",
        arg=[f"{PANE} .wx-msg.in", before],
    )


async def last_bot_text(page: Any) -> str:
    return str(await page.locator(f"{PANE} .wx-msg.in").last.inner_text())


async def recent_bot_text(page: Any, count: int = 3) -> str:
    """The bot's last ``count`` messages (WeChat has no buttons under a text: a reply's buttons
    come as a menu message after it)."""
    texts = await page.locator(f"{PANE} .wx-msg.in").all_inner_texts()
    return "\n".join(texts[-count:])


async def tap(page: Any, label: str) -> None:
    """Tap the menu item ``label`` (exactly, else containing it) of the bot's last message."""
    last = page.locator(f"{PANE} .wx-msg.in").last
    item = last.get_by_role("button", name=label, exact=True)
    if await item.count() == 0:
        item = last.get_by_role("button", name=label)
    before = await bot_count(page)
    await item.first.click()
    await wait_for_reply(page, before)


async def write(page: Any, text: str) -> None:
    before = await bot_count(page)
    box = page.locator(f"{PANE} textarea")
    await box.fill(text)
    await box.press("Enter")
    await wait_for_reply(page, before)


async def test_an_applicant_on_wechat_in_chromium(page: Any) -> None:
    await page.wait_for_selector(f"{PANE} .wx-menu-item")
    assert "距截止还有" in await recent_bot_text(page)  # the welcome, sent with the enter_session code
    assert await page.locator(f"{PANE} .wx-system").first.inner_text() != ""  # "entered from the link"
    await tap(page, "同意并开始")
    assert "1/11" in await recent_bot_text(page)
    for how, value in ELIGIBLE:
        await (tap(page, value) if how == "press" else write(page, value))
    assert "符合申报条件" in await recent_bot_text(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    mine = page.locator(f"{PANE} .wx-msg.out .wx-bubble")
    assert "是" in await mine.all_inner_texts()  # a tapped item shows as the user's message

    before = await bot_count(page)
    await page.set_input_files(
        f"{PANE} [data-wx=file]",
        files=[{"name": "案例.docx", "mimeType": DOCX_MIME, "buffer": case_study_docx()}],
    )
    await page.wait_for_selector(f"{PANE} .wx-msg.out .wx-file")
    await wait_for_reply(page, before)
    await page.wait_for_function(
        "([selector, text]) => [...document.querySelectorAll(selector)]"
        " .some((n) => n.innerText.includes(text))",
        arg=[f"{PANE} .wx-msg.in", "已收到案例"],
    )

    await page.screenshot(path=str(SCREENSHOT))
    await write(page, "模板")
    card = page.locator(f"{PANE} .wx-msg.in .wx-file").last
    await card.wait_for()
    async with page.expect_download() as downloading:
        await card.click()
    download = await downloading.value
    assert download.suggested_filename.endswith(".docx")
    assert "48 小时" in await page.locator(f"{PANE} [data-wx=status]").inner_text()
