"""/submit shows the package and asks to confirm; the receipt has the number, the time and short
fingerprints, the full ones on request."""

from __future__ import annotations

import hashlib

from bot.campaign.schema import Campaign
from tests.case.builders import make_case
from tests.engine.test_eligibility_flow import USER
from tests.engine.test_submit_flow import a_pdf, outbox, ready_package, status_of
from tests.support.stub import Stub


async def test_submit_shows_the_package_and_sends_nothing_before_confirming(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await ready_package(stub, shipped_campaign)
    [package] = await stub.command(USER, "/submit")
    text = package.plain
    assert "CQ2022-0001" in text and "重庆两江智能制造有限公司" in text
    assert "主营业务收入：12000 万元" in text and "实现利润：-35.5 万元" in text
    assert "推荐表扫描件：第1版 推荐表.pdf，2 页" in text and "案例：第1版 案例.docx" in text
    assert "结构检查通过" in text
    assert [t for t, _ in package.buttons()] == ["✅ 确认提交"]
    assert await status_of(stub) == "eligible" and await outbox(stub, "package:") == []


async def test_receipt_has_short_fingerprints_and_the_full_ones_on_request(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await ready_package(stub, shipped_campaign)
    pdf_hash = hashlib.sha256(a_pdf()).hexdigest()
    [package] = await stub.command(USER, "/submit")
    [receipt] = await stub.press(USER, "确认提交")
    assert package.buttons() == [] and "请核对提交的材料" in package.plain  # confirmed: the button goes
    assert "申报已提交" in receipt.plain and "申报编号：CQ2022-0001" in receipt.plain
    assert "提交时间：2022-" in receipt.plain
    assert pdf_hash[:12] in receipt.plain and pdf_hash[:13] not in receipt.plain
    [full] = await stub.press(USER, "完整指纹")
    assert pdf_hash in full.plain and "推荐表扫描件 第1版" in full.plain and "案例 第1版" in full.plain
    assert await status_of(stub) == "submitted"


async def test_an_old_confirmation_submits_nothing(stub: Stub, shipped_campaign: Campaign) -> None:
    assert shipped_campaign.case is not None
    await ready_package(stub, shipped_campaign)
    [first] = await stub.command(USER, "/submit")
    await stub.document(USER, "案例（修改）.docx", make_case(shipped_campaign.case, scale=1.3).to_bytes())
    confirm = first.buttons()[0][1]
    [again] = await stub.press_data(USER, confirm, first.message_id)
    assert "新版本" in (stub.answers[-1].text or "")
    assert "案例：第2版 案例（修改）.docx" in again.plain
    assert await status_of(stub) == "eligible"
    used = again.buttons()[0][1]
    await stub.press(USER, "确认提交")
    assert await status_of(stub) == "submitted"
    assert await stub.press_data(USER, used, again.message_id) == []  # pressed twice: a toast only
    assert await stub.press_data(USER, confirm, first.message_id) == []
    assert len([r for r in await outbox(stub, "package:") if r.key.endswith(":summary")]) == 1
    assert await stub.document(USER, "推荐表.pdf", a_pdf(3))  # refused politely: already submitted
