"""One message where a handler said two things in a row to the same chat.

A plain line followed by the next question ("✓ 名称：…" then "推荐表 2/12 …"), or a file
followed by a few words about it, reach the chat as one message: fewer notifications for the
applicant, and in webhook mode one update's visible reply is a single message, which Telegram
sends with the answer to its POST — so a crash can neither lose nor repeat it (bot/web.py).
"""

from __future__ import annotations

from bot.engine.channels import TELEGRAM, Capabilities
from bot.engine.effects import Effect, InlineKeyboard, Reply, SendFile

SEPARATOR = "\n\n"


def coalesce(effects: list[Effect], channel: Capabilities = TELEGRAM) -> list[Effect]:
    """The effects with every mergeable pair of neighbours merged (when the result fits the
    channel's limits), in order."""
    merged: list[Effect] = []
    for effect in effects:
        joined = _join(merged[-1], effect, channel) if merged else None
        if joined is None:
            merged.append(effect)
        else:
            merged[-1] = joined
    return merged


def _join(first: Effect, second: Effect, channel: Capabilities) -> Effect | None:
    if not isinstance(second, Reply) or second.chat_id != getattr(first, "chat_id", None):
        return None
    if isinstance(first, Reply) and first.keyboard is None:
        text = first.text + SEPARATOR + second.text
        return (
            Reply(chat_id=first.chat_id, text=text, keyboard=second.keyboard)
            if channel.size(text) <= channel.text_limit
            else None
        )
    if isinstance(first, SendFile) and first.keyboard is None:
        if second.keyboard is not None and not isinstance(second.keyboard, InlineKeyboard):
            return None
        caption = second.text if not first.caption else first.caption + SEPARATOR + second.text
        if channel.size(caption) > channel.caption_limit:
            return None
        return SendFile(
            chat_id=first.chat_id,
            file_name=first.file_name,
            data=first.data,
            caption=caption,
            keyboard=second.keyboard,
        )
    return None
