"""questions the campaign's FAQ could not answer (counted in /stats)

Revision ID: 0015_unanswered
Revises: 0012_phases
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_unanswered"
down_revision: str | None = "0012_phases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "unanswered_question",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.String(32), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_unanswered_question_campaign_id", "unanswered_question", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_unanswered_question_campaign_id", table_name="unanswered_question")
    op.drop_table("unanswered_question")
