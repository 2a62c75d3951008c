"""Erasure against what staff were sent before it: the card, the export workbook, the filled form."""

from __future__ import annotations

from pathlib import Path

from bot.campaign.schema import Campaign
from tests.engine.test_eligibility_flow import USER
from tests.engine.test_erasure import (
    files_with_personal_data,
    rows_with_personal_data,
    seed_everywhere,
)
from tests.support.stub import STAFF_CHAT, STAFF_USER, Stub


async def test_what_staff_fetched_before_the_delete_is_erased_too(
    stub: Stub, shipped_campaign: Campaign, tmp_path: Path
) -> None:
    await seed_everywhere(stub, shipped_campaign)
    for command in ("/app CQ2022-0001", "/export", "/queue", "/stats"):
        await stub.command(STAFF_USER, command, chat_id=STAFF_CHAT)
    await stub.command(USER, "/delete")
    await stub.press(USER, "确认删除")
    assert await rows_with_personal_data(stub) == []
    assert files_with_personal_data(Path(stub.services.settings.storage.files_dir)) == []
