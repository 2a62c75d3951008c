"""A 渝北区 application submitted → the 渝北区 department notified in its group → /recommend → city
staff read the opinion in /app; someone outside the district is refused. Real HTTP, both frameworks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.campaign.loader import load_campaign
from bot.sandbox.emulator import BotApiEmulator
from tests.case.builders import make_case
from tests.conftest import SHIPPED_CAMPAIGN
from tests.e2e.harness import STAFF_CHAT, STAFF_USER, Chat, write_config
from tests.e2e.test_documents_e2e import a_pdf, fill_form
from tests.e2e.test_eligibility_e2e import USER

YUBEI_MEMBER, YUBEI_GROUP, JIANGBEI_MEMBER = 900101, -100500101, 900201
DISTRICTS = (
    f'[districts."渝北区"]\nuser_ids = [{YUBEI_MEMBER}]\nchat_id = {YUBEI_GROUP}\n'
    f'[districts."江北区"]\nuser_ids = [{JIANGBEI_MEMBER}]\n'
)


@pytest.fixture
def config(tmp_path: Path, emulator: BotApiEmulator, framework: str, database_url: str) -> Path:
    return write_config(tmp_path, emulator.base_url, framework, database_url, extra=DISTRICTS)


async def submit_package(chat: Chat) -> None:
    """The form (渝北区) confirmed, both files uploaded, submitted."""
    case = load_campaign(SHIPPED_CAMPAIGN).case
    assert case is not None
    await fill_form(chat)
    await chat.press("确认无误")
    await chat.press("我单位承诺")
    chat.emu.send_document(chat.user, "推荐表.pdf", a_pdf(2), mime_type="application/pdf")
    await chat.replies(1)
    chat.emu.send_document(chat.user, "案例.docx", make_case(case).to_bytes())
    await chat.replies(1)
    await chat.send("/submit")  # the package, to confirm
    [receipt] = await chat.press("确认提交")
    assert "申报已提交" in receipt.plain


async def next_containing(emulator: BotApiEmulator, chat_id: int, fragment: str):  # type: ignore[no-untyped-def]
    while True:
        message = await emulator.next_message(chat_id, timeout=15)
        if fragment in message.plain:
            return message


@pytest.mark.usefixtures("bot")
async def test_district_recommends_and_city_staff_see_it(emulator: BotApiEmulator) -> None:
    group, staff_group = emulator.group(YUBEI_GROUP, "渝北区经信委"), emulator.group(STAFF_CHAT)
    chat = Chat(emulator, USER)
    await submit_package(chat)
    notice = await emulator.next_message(YUBEI_GROUP, timeout=15)
    assert "渝北区新申报：CQ2022-0001" in notice.plain and "重庆两江智能制造有限公司" in notice.plain
    assert notice.button_texts() == ["👍 推荐", "👎 不推荐", "🔎 详情"]

    member = emulator.user(YUBEI_MEMBER, first_name="渝北经信委")
    emulator.send_text(member, "/recommend CQ2022-0001 该企业智能化改造成效显著，同意推荐。", chat=group)
    recorded = await emulator.next_message(YUBEI_GROUP, timeout=15)
    assert "已记录 CQ2022-0001 的推荐意见" in recorded.plain
    told = await chat.until("区县推荐意见")
    assert "同意推荐：该企业智能化改造成效显著" in told[-1].plain

    staff = emulator.user(STAFF_USER)
    emulator.send_text(staff, "/app CQ2022-0001", chat=staff_group)
    card = await next_containing(emulator, STAFF_CHAT, "状态：")
    assert "区县推荐意见（渝北区经济和信息化委员会）：同意推荐：该企业智能化改造成效显著" in card.plain

    outsider = emulator.user(JIANGBEI_MEMBER)
    emulator.send_text(outsider, "/app CQ2022-0001")
    [refused] = await Chat(emulator, JIANGBEI_MEMBER).replies(1)
    assert "本区县没有编号为 CQ2022-0001 的申报" in refused.plain and "重庆两江" not in refused.plain
    emulator.send_text(outsider, "/recommend CQ2022-0001 不同意")
    [refused] = await Chat(emulator, JIANGBEI_MEMBER).replies(1)
    assert "本区县没有" in refused.plain
    emulator.send_text(member, "/app CQ2022-0001", chat=group)
    mine = await emulator.next_message(YUBEI_GROUP, timeout=15)
    assert "同意推荐：该企业智能化改造成效显著" in mine.plain  # the outsider changed nothing
