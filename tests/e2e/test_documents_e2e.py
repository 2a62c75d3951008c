"""Form, PDF scan and case study end to end over real HTTP, on both frameworks."""

from __future__ import annotations

import io
import random
import zipfile

import docx

from bot.sandbox.emulator import BotApiEmulator
from tests.case.builders import make_case, notice_case_rules
from tests.case.corpus import CORPUS
from tests.e2e.harness import Chat, InProcessBot
from tests.e2e.test_eligibility_e2e import ELIGIBLE, USER, answer, start
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.engine.test_submit_flow import a_pdf


async def fill_form(chat: Chat) -> None:
    await start(chat)
    await answer(chat, ELIGIBLE)
    await chat.press("开始填写推荐表")
    steps = [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:]]
    for how, value in steps:
        await (chat.press(value, expect=0) if how == "press" else chat.send(value, expect=0))
        await chat.until("推荐表 ", "请核对推荐表")


async def test_form_docx_and_pdf_scan(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    chat = Chat(emulator, USER)
    await fill_form(chat)
    assert "请核对推荐表" in chat.last().plain
    await chat.press("确认无误")
    [document] = await chat.press("我单位承诺")  # what to do next is the document's caption
    done = document
    assert document.file_name.endswith(".docx")
    text = "\n".join(
        c.text
        for t in docx.Document(io.BytesIO(document.document_bytes)).tables
        for row in t.rows
        for c in row.cells
    )
    assert (
        "重庆两江智能制造有限公司"
        in "\n".join(p.text for p in docx.Document(io.BytesIO(document.document_bytes)).paragraphs) + text
    )
    assert "13800138000" in text and "12000" in text
    assert "推荐表已确认" in done.plain
    emulator.send_document(chat.user, "scan.jpg.pdf", b"\xff\xd8\xff\xe0" + b"0" * 500)
    [refused] = await chat.replies(1)
    assert "图片" in refused.plain or "JPEG" in refused.plain
    emulator.send_document(chat.user, "推荐表.pdf", a_pdf(3), mime_type="application/pdf")
    [accepted] = await chat.replies(1)
    assert "共 3 页" in accepted.plain
    # a small file is answered at once: no "sending a file…" status, one Bot API call fewer
    assert not any(a.action == "upload_document" for a in emulator.chat_actions)


async def test_case_template_and_upload(bot: InProcessBot, emulator: BotApiEmulator) -> None:
    chat = Chat(emulator, USER)
    [template] = await chat.send("/template")
    assert template.file_name.endswith(".docx")
    headings = [p.text for p in docx.Document(io.BytesIO(template.document_bytes)).paragraphs]
    assert any("实施步骤" in h and "2500" in h for h in headings)
    await start(chat)
    await answer(chat, ELIGIBLE)
    emulator.send_document(chat.user, "案例.docx", template.document_bytes)
    [report] = await chat.replies(1)
    assert "已收到案例（第1版）" in report.plain and "要求不少于5000字" in report.plain
    emulator.send_document(chat.user, "案例.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    [refused] = await chat.replies(1)
    assert "另存为" in refused.plain
    assert not any(a.action == "upload_document" for a in emulator.chat_actions)
    emulator.send_document(chat.user, "案例（含扫描件）.docx", with_scan(template.document_bytes, 1_500_000))
    [bigger] = await chat.replies(1)
    assert "已收到案例（第2版）" in bigger.plain
    assert [a.action for a in emulator.chat_actions] == ["upload_document"]  # a large file shows progress


def with_scan(document: bytes, size: int) -> bytes:
    """``document`` with an incompressible picture of ``size`` bytes added, as a scan makes it."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(document)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        scan = random.Random(7).randbytes(size)
        target.writestr(zipfile.ZipInfo("word/media/scan.bin"), scan, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


async def test_form_restart_in_the_middle_and_edit_from_summary(
    config,
    emulator: BotApiEmulator,  # type: ignore[no-untyped-def]
) -> None:
    """The bot restarts halfway through the form; the applicant continues; then edits a field."""
    first = InProcessBot(config)
    await first.start()
    chat = Chat(emulator, USER)
    await start(chat)
    await answer(chat, ELIGIBLE)
    await chat.press("开始填写推荐表")
    for how, value in FORM_PATH[:4]:
        await (chat.press(value, expect=0) if how == "press" else chat.send(value, expect=0))
        await chat.until("推荐表 ")
    await first.stop()
    second = InProcessBot(config)
    await second.start()
    try:
        for how, value in [("type", valid_credit_code()), *FORM_PATH[5:]]:
            await (chat.press(value, expect=0) if how == "press" else chat.send(value, expect=0))
            await chat.until("推荐表 ", "请核对推荐表")
        assert "重庆两江智能制造有限公司" in chat.last().plain
        await chat.press("改：企业联系人")
        await chat.send("王五", expect=0)
        [summary] = [m for m in await chat.until("请核对推荐表") if "请核对推荐表" in m.plain]
        assert "企业联系人：王五" in summary.plain
    finally:
        await second.stop()


async def test_case_study_right_after_consent_is_answered_with_its_report(
    bot: InProcessBot, emulator: BotApiEmulator
) -> None:
    """A first draft sent before eligibility and the form: checked at once, kept, and counted."""
    rules = notice_case_rules()
    entry = next(e for e in CORPUS if e.name == "title-h2-toc-captions-kpi-words")
    chat = Chat(emulator, USER)
    await start(chat)  # consent given; the first eligibility question is waiting
    emulator.send_document(chat.user, "案例初稿.docx", entry.build(rules).to_bytes())
    [report] = await chat.replies(1)
    lines = report.plain.splitlines()
    assert "已收到案例（第1版）" in report.plain and "结构检查通过" in report.plain
    assert any(line.startswith("四、智能制造实施成效　") and "/500字 ✓" in line for line in lines)
    assert any(line.startswith("关键指标") and "百分之三十二" in line for line in lines)
    assert "▓" not in report.plain and "请先完成" not in report.plain
    await answer(chat, ELIGIBLE)
    [status] = await chat.send("/status")
    assert "案例：第1版，结构检查通过" in status.plain


async def test_english_applicant_reads_case_problems_in_english(
    bot: InProcessBot, emulator: BotApiEmulator
) -> None:
    rules = notice_case_rules()
    chat = Chat(emulator, USER)
    await start(chat)
    await chat.send("/lang")
    await chat.press("English")
    emulator.send_document(chat.user, "case.docx", make_case(rules, drop={5}).to_bytes())
    [report] = await chat.replies(1)
    assert "Section 5 “智能制造行业影响及示范作用” is missing" in report.plain
    [status] = await chat.send("/status")
    assert "Section 5 “智能制造行业影响及示范作用” is missing" in status.plain
    assert "缺少" not in status.plain
