"""Submission and the staff queue against the recording stub: the whole round trip."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from pypdf import PdfWriter

from bot.campaign.schema import Campaign
from bot.engine.outbox_payload import keyboard_of
from storage.repositories import Repositories
from tests.case.builders import make_case
from tests.engine.test_eligibility_flow import ELIGIBLE_PATH, USER, answer, begin
from tests.engine.test_form_flow import FORM_PATH, valid_credit_code
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub


def a_pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def ready_package(stub: Stub, campaign: Campaign) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    await stub.press(USER, "开始填写推荐表")
    await answer(stub, [*FORM_PATH[:4], ("type", valid_credit_code()), *FORM_PATH[5:]])
    await stub.press(USER, "确认无误")
    await stub.press(USER, "我单位承诺")
    [accepted] = await stub.document(USER, "推荐表.pdf", a_pdf())
    assert "共 2 页" in accepted.plain
    assert campaign.case is not None
    [report] = await stub.document(USER, "案例.docx", make_case(campaign.case).to_bytes())
    assert "结构检查通过" in report.plain, report.plain


async def submit(stub: Stub) -> list:  # type: ignore[type-arg]
    """/submit shows the package; confirming it submits."""
    [package] = await stub.command(USER, "/submit")
    assert "请核对" in package.plain, package.plain
    return await stub.press(USER, "确认提交")


async def outbox(stub: Stub, prefix: str) -> list:  # type: ignore[type-arg]
    async with stub.services.database.unit_of_work() as session:
        return await Repositories(session).outbox.by_key_prefix(prefix)


async def status_of(stub: Stub) -> str:
    async with stub.services.database.unit_of_work() as session:
        application = await Repositories(session).applications.by_number("CQ2022-0001")
        assert application is not None
        return application.status


async def staff_button(stub: Stub, label: str, user: int = STAFF_USER) -> list:  # type: ignore[type-arg]
    [summary] = [r for r in await outbox(stub, "package:") if r.key.endswith(":summary")][-1:]
    keyboard = keyboard_of(summary.payload)
    assert keyboard is not None
    data = next(b.data for row in keyboard.rows for b in row if label in b.text)
    return await stub.press_data(user, data, chat_id=STAFF_CHAT)


async def test_submit_lists_what_is_missing(stub: Stub) -> None:
    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    [reply] = await stub.command(USER, "/submit")
    assert (
        "还不能提交" in reply.plain
        and "推荐表：未开始填写" in reply.plain
        and "案例（Word）：未上传" in reply.plain
    )
    assert await status_of(stub) == "eligible"


async def test_submit_return_resubmit_accept(stub: Stub, shipped_campaign: Campaign) -> None:
    await ready_package(stub, shipped_campaign)
    [receipt] = await submit(stub)
    assert "申报已提交" in receipt.plain and "CQ2022-0001" in receipt.plain and "SHA-256" in receipt.plain
    package = await outbox(stub, "package:")
    assert [r.key.rsplit(":", 1)[1] for r in package] == ["summary", "pdf", "case", "report"]
    assert all(r.chat_id == STAFF_CHAT for r in package)
    assert (
        "新申报：CQ2022-0001" in package[0].payload["text"]
        and "重庆两江智能制造有限公司" in package[0].payload["text"]
    )
    assert package[1].payload["file"]["name"] == "CQ2022-0001-推荐表-v1.pdf"

    [prompt] = await staff_button(stub, "退回修改")
    assert "原因" in prompt.plain
    [done] = await stub.text_in(STAFF_USER, STAFF_CHAT, "案例缺少能源利用率数据")
    assert "已退回修改" in done.plain and await status_of(stub) == "returned"
    [notice] = await outbox(stub, "returned:")
    assert notice.chat_id == USER and "案例缺少能源利用率数据" in notice.payload["text"]

    [again] = await submit(stub)
    assert "已重新提交" in again.plain
    resubmitted = [r for r in await outbox(stub, "package:") if r.key.endswith(":summary")]
    assert len(resubmitted) == 2 and "重新提交（第2次）" in resubmitted[1].payload["text"]

    await staff_button(stub, "受理")
    assert await status_of(stub) == "accepted"
    assert len(await outbox(stub, "accepted:")) == 1
    await staff_button(stub, "受理")
    assert stub.answers[-1].alert and len(await outbox(stub, "accepted:")) == 1
    [details] = await stub.command(STAFF_USER, "/app CQ2022-0001", chat_id=STAFF_CHAT)
    assert "已受理" in details.plain and "退回修改，原因：案例缺少能源利用率数据 — 张三" in details.plain


async def test_only_staff_can_act(stub: Stub, shipped_campaign: Campaign) -> None:
    await ready_package(stub, shipped_campaign)
    await submit(stub)
    await staff_button(stub, "受理", user=USER)
    assert stub.answers[-1].alert and await status_of(stub) == "submitted"
    assert await stub.command(USER, "/return CQ2022-0001 x", chat_id=STAFF_CHAT) == []
    [refused] = await stub.command(USER, "/queue")
    assert "使用的命令，您在这里不能使用" in refused.plain
    [queue] = await stub.command(STAFF_USER, "/queue", chat_id=STAFF_CHAT)
    assert "待审核的申报（1）" in queue.plain and "CQ2022-0001" in queue.plain


async def test_return_command_and_uploads_locked_after_submission(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await ready_package(stub, shipped_campaign)
    await submit(stub)
    [refused] = await stub.document(USER, "推荐表.pdf", a_pdf())
    assert "请先完成" in refused.plain
    [reply] = await stub.command(STAFF_USER, "/return CQ2022-0001 请补充盖章", chat_id=STAFF_CHAT)
    assert "已退回修改" in reply.plain and await status_of(stub) == "returned"
    [accepted] = await stub.document(USER, "推荐表.pdf", a_pdf(3))
    assert "共 3 页" in accepted.plain


async def test_export_and_stats(stub: Stub, shipped_campaign: Campaign) -> None:
    import io as _io

    import openpyxl

    from bot.engine.effects import SendFile

    await ready_package(stub, shipped_campaign)
    await submit(stub)
    await stub.command(STAFF_USER, "/export", chat_id=STAFF_CHAT)
    [xlsx] = [e for e in stub.last_effects if isinstance(e, SendFile)]
    sheet = openpyxl.load_workbook(_io.BytesIO(xlsx.data)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[0] == "申报编号" and "主营业务收入" in headers
    row = [c.value for c in sheet[2]]
    assert row[0] == "CQ2022-0001" and row[headers.index("主营业务收入")] == 12000
    assert row[headers.index("所属区县")] == "渝北区"
    [stats] = await stub.command(STAFF_USER, "/stats", chat_id=STAFF_CHAT)
    assert "共 1 份申报" in stats.plain and "按所属区县" in stats.plain and "渝北区：1" in stats.plain
    [png] = [e for e in stub.last_effects if isinstance(e, SendFile)]
    assert png.data.startswith(b"\x89PNG")
    assert await stub.command(USER, "/export", chat_id=STAFF_CHAT) == []


async def test_export_command_writes_the_workbook(
    stub: Stub, shipped_campaign: Campaign, tmp_path: Path
) -> None:
    import openpyxl

    from bot.cli import cmd_export

    await ready_package(stub, shipped_campaign)
    config = tmp_path / "bot.toml"
    config.write_text(f'[database]\nurl = "{stub.services.settings.database.url}"\n', encoding="utf-8")
    out = tmp_path / "all.xlsx"
    assert await cmd_export(config, out) == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.max_row == 2 and sheet["A2"].value == "CQ2022-0001"


async def test_a_file_sent_before_the_deadline_and_processed_after_it_is_accepted(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    """Issue 16 point 2: judged by Telegram's stamp (23:59:58), not by when it is processed."""
    from datetime import timedelta, timezone

    from bot.engine.events import Document

    await begin(stub)
    await answer(stub, ELIGIBLE_PATH)
    beijing = timezone(timedelta(hours=8))
    stub.clock.set(datetime(2022, 8, 11, 0, 3, tzinfo=beijing))  # a backlog: processed at 00:03
    assert shipped_campaign.case is not None
    case = make_case(shipped_campaign.case).to_bytes()

    async def send(sent: datetime) -> str:
        event = Document(
            update_id=stub.next_update_id(),
            sender=stub.sender(USER),
            file_id="f",
            file_name="案例.docx",
            file_size=len(case),
            data=case,
            sent_at=sent,
        )
        return (await stub.feed(event))[0].plain

    assert "结构检查通过" in await send(datetime(2022, 8, 10, 23, 59, 58, tzinfo=beijing))
    late = await send(datetime(2022, 8, 11, 0, 0, 0, tzinfo=beijing))
    assert "已截止" in late and "63895239" in late  # a "no" names the notice's contacts
