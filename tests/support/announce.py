"""Confirming an announcement in a transcript: the button of the preview, then (before the
notice's deadline, 2022-08-10) the second confirmation that names that date."""

from __future__ import annotations

from tests.support.stub import STAFF_CHAT, STAFF_USER, Message, Stub


async def confirm_announcement(stub: Stub, preview: Message) -> None:
    confirm = next(d for t, d in preview.buttons() if "确认发布" in t)
    [second] = await stub.press_data(STAFF_USER, confirm, chat_id=STAFF_CHAT)
    early = next(d for t, d in second.buttons() if "2022-08-10" in t)
    await stub.press_data(STAFF_USER, early, chat_id=STAFF_CHAT)
