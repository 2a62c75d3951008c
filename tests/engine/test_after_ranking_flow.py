"""After the announcement: the 公示 list with its period and objections, and the 案例集,
against the recording stub."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest

from bot.campaign.schema import Campaign
from bot.engine.effects import SendFile
from storage.repositories import Repositories
from tests.support.selected import SeededEnterprise, seed_with_cases
from tests.support.stub import BEFORE_DEADLINE, STAFF_CHAT, STAFF_USER, Stub, make_stub

# Announced and published on Monday 2022-08-01 (Beijing); the five working days after it are
# 08-02 … 08-05 and Monday 08-08 (no holiday in them in the official 2022 schedule).
PERIOD_END_TEXT = "2022-08-02 至 2022-08-08（5个工作日）"
AFTER_PERIOD = datetime(2022, 8, 8, 16, 0, 1, tzinfo=UTC)  # 2022-08-09 00:00:01 in Beijing


async def staff(stub: Stub, text: str) -> list:  # type: ignore[type-arg]
    return await stub.command(STAFF_USER, text, chat_id=STAFF_CHAT)


def files(stub: Stub) -> dict[str, bytes]:
    return {e.file_name: e.data for e in stub.last_effects if isinstance(e, SendFile)}


def said(stub: Stub) -> str:
    """Every word of the last update's replies: messages and file captions (a text after a
    file travels as its caption)."""
    texts = [getattr(e, "text", None) or getattr(e, "caption", None) for e in stub.last_effects]
    return "\n".join(t for t in texts if t)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def announced(stub: Stub, campaign: Campaign) -> list[SeededEnterprise]:
    seeded = await seed_with_cases(
        stub.services.database, stub.services.deps.files, campaign, BEFORE_DEADLINE
    )
    [preview] = await staff(stub, "/announce")
    confirm = next(d for t, d in preview.buttons() if "确认发布" in t)
    [again] = await stub.press_data(STAFF_USER, confirm, chat_id=STAFF_CHAT)
    assert "2022年08月10日" in again.plain  # before the deadline: a second confirmation names it
    early = next(d for t, d in again.buttons() if "2022-08-10" in t)
    await stub.press_data(STAFF_USER, early, chat_id=STAFF_CHAT)
    return seeded


async def test_publicity_before_any_announcement_gives_no_list(stub: Stub) -> None:
    [reply] = await staff(stub, "/publicity")
    assert "当前阶段为「申报中」" in reply.plain and "已发布结果" in reply.plain and files(stub) == {}


async def test_publicity_list_in_ranking_order_with_period_and_contacts(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    seeded = await announced(stub, shipped_campaign)
    await staff(stub, "/publicity")
    sent, status = files(stub), said(stub)
    word = docx_text(sent["公示名单-cq-benchmark-2022.docx"])
    positions = [word.index(s.name) for s in seeded]
    assert positions == sorted(positions)
    assert "渝北区" in word and "装备" in word and "长寿区" in word and "化工" in word
    assert "2022年8月2日至2022年8月8日（5个工作日）" in word
    assert "吴鹏飞，电话63895239" in word and "李金玲" not in word
    assert "渝经信智能〔2022〕38号" in word
    assert PERIOD_END_TEXT in status and "公示中" in status
    if "公示名单-cq-benchmark-2022.pdf" in sent:
        from pypdf import PdfReader

        pdf = "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(sent["公示名单-cq-benchmark-2022.pdf"])).pages
        )
        assert seeded[0].name[:6] in pdf
    else:
        assert "未能生成PDF" in status


async def test_list_is_final_only_after_the_period_without_objection(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    await announced(stub, shipped_campaign)
    await staff(stub, "/publicity")
    stub.clock.set(AFTER_PERIOD - timedelta(seconds=2))
    await staff(stub, "/publicity")
    status = said(stub)
    assert "公示中" in status
    stub.clock.set(AFTER_PERIOD)
    await staff(stub, "/publicity")
    status = said(stub)
    assert "名单确定" in status


async def test_an_objection_is_recorded_audited_and_keeps_the_list_open(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    seeded = await announced(stub, shipped_campaign)
    await staff(stub, "/publicity")
    [usage] = await staff(stub, f"/objection {seeded[1].number}")
    assert "用法" in usage.plain
    [unknown] = await staff(stub, "/objection CQ2022-0999 有异议")
    assert "没有找到" in unknown.plain
    [recorded] = await staff(stub, f"/objection {seeded[1].number} 有群众来信反映该企业2021年发生过环保处罚")
    assert "已记录" in recorded.plain and "异议共 1 条" in recorded.plain
    async with stub.services.database.unit_of_work() as session:
        entries = await Repositories(session).audit.of_subject(seeded[1].number)
    assert [(e.actor, e.action) for e in entries][-1] == (STAFF_USER, "objection")
    assert "环保处罚" in entries[-1].detail["text"]
    stub.clock.set(AFTER_PERIOD)
    await staff(stub, "/publicity")
    status = said(stub)
    assert "有异议待处理" in status and "待处理" in status and "名单确定" not in status
    [refused] = await staff(stub, "/casebook")  # the period passed, an objection is open: not final
    assert "当前阶段为「公示中」" in refused.plain


async def test_casebook_holds_each_latest_passing_case_in_ranking_order(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    seeded = await announced(stub, shipped_campaign)
    [refused] = await staff(stub, "/casebook")
    assert "名单已确定" in refused.plain and files(stub) == {}  # never before the list is final
    await staff(stub, "/publicity")
    stub.clock.set(AFTER_PERIOD)
    await staff(stub, "/casebook")
    assert "收录 3 个案例" in said(stub)
    book = files(stub)["案例集-cq-benchmark-2022.docx"]
    document = docx.Document(io.BytesIO(book))
    text = docx_text(book)
    assert "重庆市智能制造案例集" in text and "目　录" in text
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Casebook Case"
    ]
    assert headings == [f"案例{i}　{s.name}" for i, s in enumerate(seeded, start=1)]
    for enterprise in seeded:
        assert enterprise.case_sentence in text
    assert "初稿" not in text
    assert "135件/班" in text and len(document.inline_shapes) >= 2 * len(seeded)
    instructions = "".join(document.element.xpath("//w:instrText/text()"))
    assert "TOC" in instructions


async def test_everything_is_reachable_by_buttons(stub: Stub, shipped_campaign: Campaign) -> None:
    seeded = await announced(stub, shipped_campaign)
    report = stub.chats[STAFF_CHAT][-1]
    labels = dict(report.buttons())
    await stub.press_data(
        STAFF_USER, labels["📋 公示名单（Word/PDF）"], report.message_id, chat_id=STAFF_CHAT
    )
    assert "公示名单-cq-benchmark-2022.docx" in files(stub)
    stub.clock.set(AFTER_PERIOD)
    await stub.press_data(STAFF_USER, labels["📚 案例集（Word）"], report.message_id, chat_id=STAFF_CHAT)
    assert "案例集-cq-benchmark-2022.docx" in files(stub)

    [card] = await staff(stub, f"/app {seeded[2].number}")
    objection = next(d for t, d in card.buttons() if "记录公示异议" in t)
    [prompt] = await stub.press_data(STAFF_USER, objection, card.message_id, chat_id=STAFF_CHAT)
    assert seeded[2].number in prompt.plain
    [recorded] = await stub.text_in(STAFF_USER, STAFF_CHAT, "市民王某来电反映该企业存在违规排放")
    assert "已记录" in recorded.plain and "违规排放" in recorded.plain
    [card] = await staff(stub, f"/app {seeded[2].number}")
    assert "记录公示异议：市民王某来电反映该企业存在违规排放 — 张三" in card.plain


async def test_without_a_chinese_font_the_word_list_still_comes(
    stub: Stub, shipped_campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.documents import publicity_pdf

    def no_font() -> str:
        raise publicity_pdf.NoCjkFont("none installed")

    monkeypatch.setattr(publicity_pdf, "cjk_font_path", no_font)
    await announced(stub, shipped_campaign)
    await staff(stub, "/publicity")
    assert list(files(stub)) == ["公示名单-cq-benchmark-2022.docx"]
    assert "未能生成PDF版" in said(stub)


async def test_a_casebook_too_large_for_one_message_comes_in_volumes(
    stub: Stub, shipped_campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers.staff import casebook

    monkeypatch.setattr(casebook, "VOLUME_BYTES", 1)  # every case alone is already over
    seeded = await announced(stub, shipped_campaign)
    await staff(stub, "/publicity")
    stub.clock.set(AFTER_PERIOD)
    await staff(stub, "/casebook")
    sent = files(stub)
    assert list(sent) == [f"案例集-cq-benchmark-2022-第{i}册.docx" for i in (1, 2, 3)]
    third = docx_text(sent["案例集-cq-benchmark-2022-第3册.docx"])
    assert f"案例3　{seeded[2].name}" in third and seeded[2].case_sentence in third
    assert seeded[0].case_sentence not in third and "第3册（共3册）" in third
    assert "分为 3 册" in said(stub)


async def objection_id(stub: Stub, number: str, text: str) -> int:
    [recorded] = await staff(stub, f"/objection {number} {text}")
    found = re.search(r"异议 #(\d+)", recorded.plain)
    assert found is not None, recorded.plain
    return int(found.group(1))


async def test_a_dismissed_objection_lets_the_list_become_final_and_a_late_one_is_flagged(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    seeded = await announced(stub, shipped_campaign)
    await staff(stub, "/publicity")
    first = await objection_id(stub, seeded[0].number, "反映该企业存在欠薪")
    [usage] = await staff(stub, f"/dismiss {first}")
    assert "用法" in usage.plain
    [dismissed] = await staff(stub, f"/dismiss {first} 经核实反映情况不属实")
    assert "不予采纳" in dismissed.plain
    [again] = await staff(stub, f"/uphold {first} 改变主意")
    assert "已处理" in again.plain  # resolved once
    stub.clock.set(AFTER_PERIOD)
    [late] = await staff(stub, f"/objection {seeded[2].number} 公示期后才收到的来信")
    assert "逾期" in late.plain and "2022-08-08" in late.plain
    await staff(stub, "/publicity")
    status = said(stub)
    assert "名单确定" in status and "逾期" in status and "经核实反映情况不属实" in status
    await staff(stub, "/casebook")
    assert "收录 3 个案例" in said(stub)
    async with stub.services.database.unit_of_work() as session:
        actions = [e.action for e in await Repositories(session).audit.of_subject(seeded[0].number)]
        phases = [e.action for e in await Repositories(session).audit.of_subject(shipped_campaign.id)]
    assert actions[-2:] == ["objection", "objection_dismissed"]
    assert phases[-2:] == ["phase:publish", "phase:finalise"]


async def test_an_upheld_objection_takes_the_enterprise_off_and_offers_the_next_in_the_ranking(
    database_url: str, shipped_campaign: Campaign, tmp_path: Path
) -> None:
    two_places = shipped_campaign.ranking.model_copy(update={"top_n": 2})  # three enterprises
    campaign = shipped_campaign.model_copy(update={"ranking": two_places})
    stub = await make_stub(database_url, [campaign], BEFORE_DEADLINE, str(tmp_path / "files"))
    try:
        await _uphold_and_promote(stub, campaign)
    finally:
        await stub.services.close()


async def _uphold_and_promote(stub: Stub, campaign: Campaign) -> None:
    seeded = await announced(stub, campaign)
    await staff(stub, "/publicity")
    word = docx_text(files(stub)["公示名单-cq-benchmark-2022.docx"])
    assert seeded[1].name in word and seeded[2].name not in word
    upheld_id = await objection_id(stub, seeded[1].number, "该企业2021年受到环保处罚")
    [upheld] = await staff(stub, f"/uphold {upheld_id} 经核实属实")
    assert "移出公示名单" in upheld.plain and seeded[2].number in upheld.plain
    add = next(d for t, d in upheld.buttons() if seeded[2].number in t)
    await stub.press_data(STAFF_USER, add, chat_id=STAFF_CHAT)
    await staff(stub, "/publicity")
    word = docx_text(files(stub)["公示名单-cq-benchmark-2022.docx"])
    assert seeded[1].name not in word and seeded[2].name in word and seeded[0].name in word
    async with stub.services.database.unit_of_work() as session:
        told = await Repositories(session).outbox.by_key_prefix("result:")
    assert any("恭喜" in r.payload["text"] and r.chat_id == seeded[2].user for r in told)
