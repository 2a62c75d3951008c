"""The questions nobody could answer: stored when the bot sends an asker to the contacts, counted
for staff in /stats. Like every repository it never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import UnansweredQuestion

MAX_TEXT = 500


class UnansweredQuestions:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, campaign_id: str, text: str, lang: str, now: datetime) -> None:
        self.session.add(
            UnansweredQuestion(campaign_id=campaign_id, text=text[:MAX_TEXT], lang=lang, asked_at=now)
        )
        await self.session.flush()

    async def counted(self, campaign_id: str, limit: int = 10) -> tuple[int, list[tuple[str, int]]]:
        """How many were asked in all, and the ``limit`` most asked texts with their counts."""
        where = UnansweredQuestion.campaign_id == campaign_id
        total = int(await self.session.scalar(select(func.count(UnansweredQuestion.id)).where(where)) or 0)
        times = func.count(UnansweredQuestion.id).label("times")
        statement = (
            select(UnansweredQuestion.text, times)
            .where(where)
            .group_by(UnansweredQuestion.text)
            .order_by(times.desc(), func.max(UnansweredQuestion.asked_at).desc())
            .limit(limit)
        )
        rows = (await self.session.execute(statement)).all()
        return total, [(str(text), int(count)) for text, count in rows]
