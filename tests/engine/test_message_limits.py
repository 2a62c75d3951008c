"""Every message fits its channel (bot/engine/limits.py): long texts are split at line ends with
their HTML balanced, edits and captions cut or moved, never refused; the staff card of an
application with many long-named versions and a district's very long opinion both fit."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.campaign.schema import Campaign
from bot.engine.adapt import adapt
from bot.engine.channels import TELEGRAM
from bot.engine.effects import Edit, InlineButton, InlineKeyboard, Reply, SendFile
from bot.engine.limits import fit
from storage.models import Application
from storage.repositories import Repositories
from tests.engine.test_district_flow import YUBEI_GROUP, YUBEI_MEMBER, district_stub, submitted
from tests.engine.test_eligibility_flow import BEFORE_DEADLINE
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub

TG = TELEGRAM  # Bot API: 4096 characters of text, 1024 of caption, 64 bytes of data
KEYS = InlineKeyboard(rows=((InlineButton("好", "x:1"),),))
_TAG = re.compile(r"<(/?)([a-z-]+)[^>]*>")


def balanced(html: str) -> bool:
    stack: list[str] = []
    for match in _TAG.finditer(html):
        if match.group(1):
            if not stack or stack.pop() != match.group(2):
                return False
        else:
            stack.append(match.group(2))
    return not stack and html.count("<") == html.count(">")


def test_telegram_limits_are_the_bot_apis() -> None:
    assert (TG.text_limit, TG.caption_limit, TG.button_data_bytes) == (4096, 1024, 64)


def test_a_long_text_is_split_at_line_ends_with_tags_balanced_and_nothing_lost() -> None:
    lines = [f"第{i}行 &amp; 申报企业名称很长很长很长" for i in range(400)]
    text = "<b>标题</b>\n<blockquote>" + "\n".join(lines) + "</blockquote>\n末行"
    parts = fit([Reply(chat_id=1, text=text, keyboard=KEYS)], TG)
    assert len(parts) > 1 and all(isinstance(p, Reply) for p in parts)
    assert all(TG.size(p.text) <= TG.text_limit and balanced(p.text) for p in parts)  # type: ignore[union-attr]
    assert [p.keyboard for p in parts] == [None] * (len(parts) - 1) + [KEYS]  # type: ignore[union-attr]
    joined = "".join(p.text for p in parts)  # type: ignore[union-attr]
    assert all(line in joined for line in lines) and "末行" in joined


def test_one_huge_line_is_cut_outside_tags_and_entities() -> None:
    text = "<b>" + "意见&amp;" * 3000 + "</b>"
    parts = fit([Reply(chat_id=1, text=text)], TG)
    assert all(TG.size(p.text) <= TG.text_limit and balanced(p.text) for p in parts)  # type: ignore[union-attr]
    assert all(not re.search(r"&[a-z]*$", p.text.removesuffix("</b>")) for p in parts)  # type: ignore[union-attr]


def test_an_edit_is_cut_and_a_long_caption_follows_the_file() -> None:
    [edit] = fit([Edit(chat_id=1, message_id=5, text="行\n" * 3000)], TG)
    assert isinstance(edit, Edit) and TG.size(edit.text) <= TG.text_limit and edit.text.endswith("…")
    document = SendFile(chat_id=1, file_name="a.docx", data=b"x", caption="说明" * 700, keyboard=KEYS)
    bare, *words = fit([document], TG)
    assert isinstance(bare, SendFile) and bare.caption is None and bare.keyboard is None
    assert "".join(w.text for w in words) == "说明" * 700 and words[-1].keyboard == KEYS  # type: ignore[union-attr]


def test_a_channel_counting_bytes_plugs_in() -> None:
    by_bytes = replace(TELEGRAM, text_limit=2048, unit="bytes")
    parts = fit([Reply(chat_id=1, text="\n".join(["企业名称"] * 600))], by_bytes)
    assert len(parts) > 1 and all(len(p.text.encode()) <= 2048 for p in parts)  # type: ignore[union-attr]


def test_adapt_for_telegram_is_the_same_fit() -> None:
    """``adapt``, the one place messages are made fit for a channel, splits for Telegram too."""
    long = Reply(chat_id=1, text="<b>" + "\n".join(["申报"] * 3000) + "</b>", keyboard=KEYS)
    assert adapt([long], TELEGRAM) == fit([long], TELEGRAM) != [long]


@pytest.fixture
async def stub(database_url: str, shipped_campaign: Campaign, tmp_path: Path) -> AsyncIterator[Stub]:
    stub = await district_stub(database_url, shipped_campaign, tmp_path)
    yield stub
    await stub.services.close()


def fits(replies: list[Reply]) -> bool:
    return all(TG.size(r.text) <= TG.text_limit for r in replies)


async def test_the_staff_card_with_twenty_long_named_versions_fits(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [(_, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    async with stub.services.database.unit_of_work() as session:
        repos = Repositories(session)
        application = (await session.execute(select(Application))).scalar_one()
        for version in range(20):
            await repos.uploads.add(
                application.id,
                "form_pdf",
                BEFORE_DEADLINE,
                file_name=f"{version:02d}" + "扫描件" * 66 + ".pdf",
                sha256=f"{version:064x}",
                size=1000,
                ok=True,
                report={"pages": 2},
            )
    card = await stub.command(STAFF_USER, f"/app {number}", chat_id=STAFF_CHAT)
    assert card and fits([r for r in stub.last_effects if isinstance(r, Reply)])
    text = "\n".join(m.plain for m in card)
    assert "…及其他 12 项" in text and number in text


async def test_a_very_long_opinion_is_recorded_and_every_card_fits(
    stub: Stub, shipped_campaign: Campaign
) -> None:
    [(_, number)] = await submitted(stub, shipped_campaign, ["yubei"])
    opinion = "该企业数字化基础扎实" * 405  # 4,050 characters
    done = await stub.command(YUBEI_MEMBER, f"/recommend {number} {opinion}", chat_id=YUBEI_GROUP)
    assert done and fits([r for r in stub.last_effects if isinstance(r, Reply)])
    async with stub.services.database.unit_of_work() as session:
        stored = (await session.execute(select(Application))).scalar_one()
        assert stored.district_opinion_text == opinion  # kept whole, capped only where shown
    card = await stub.command(STAFF_USER, f"/app {number}", chat_id=STAFF_CHAT)
    assert card and fits([r for r in stub.last_effects if isinstance(r, Reply)])
    district_card = await stub.command(YUBEI_MEMBER, f"/app {number}", chat_id=YUBEI_GROUP)
    assert district_card and fits([r for r in stub.last_effects if isinstance(r, Reply)])
