"""Applications put straight into the database at a later stage of the journey (for the
review, ranking and announcement tests, which need many submitted packages)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.campaign.schema import Campaign
from storage.db import Database
from storage.models import Applicant, Application


async def seed_accepted(
    database: Database, campaign: Campaign, count: int, now: datetime, first_user: int = 20_000
) -> list[tuple[int, str]]:
    """``count`` accepted applications; returns (user id, application number) pairs."""
    made = []
    level_q, score_q = campaign.ranking.level_question, campaign.ranking.score_question
    async with database.unit_of_work() as session:
        for i in range(1, count + 1):
            user = first_user + i
            number = f"{campaign.number_prefix}-{i:04d}"
            session.add(
                Applicant(id=user, chat_id=user, lang="zh_CN", consent_at=now, created_at=now, updated_at=now)
            )
            answers = {level_q: 3, score_q: "3.00"} if level_q and score_q else {}
            session.add(
                Application(
                    campaign_id=campaign.id,
                    applicant_id=user,
                    status="accepted",
                    number=number,
                    answers=answers,
                    flow={},
                    form={"enterprise_name": f"企业{i:02d}"},
                    created_at=now,
                    updated_at=now,
                    submitted_at=now,
                    submissions=1,
                )
            )
            made.append((user, number))
    return made


async def seed_verified(
    database: Database, campaign: Campaign, count: int, now: datetime, first_user: int = 20_000
) -> list[tuple[int, str]]:
    """``count`` verified applications with distinct scores (the first ranks highest)."""
    made = await seed_accepted(database, campaign, count, now, first_user)
    async with database.unit_of_work() as session:
        for i, (user, _) in enumerate(made):
            application = (
                await session.execute(
                    select(Application).where(
                        Application.applicant_id == user, Application.campaign_id == campaign.id
                    )
                )
            ).scalar_one()
            application.status, application.inconsistencies = "verified", 0
            application.verified_level, application.verified_score = 4, f"{4.5 - i / 100:.2f}"
            application.case_score = "80"
    return made
