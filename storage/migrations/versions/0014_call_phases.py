"""the call's phases: an application staff excluded from the results (with the reason), and
objections to the 公示 list flagged late and resolved by staff

Revision ID: 0012_phases
Revises: 0013_channel_contact
Create Date: 2026-12-07 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0012_phases"
down_revision: str | None = "0013_channel_contact"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("excluded_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("objection") as batch:
        batch.add_column(sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("resolution", sa.String(16), nullable=True))
        batch.add_column(sa.Column("resolution_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("resolved_by", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("objection") as batch:
        for column in ("resolved_at", "resolved_by", "resolution_reason", "resolution", "late"):
            batch.drop_column(column)
    with op.batch_alter_table("application") as batch:
        batch.drop_column("excluded_reason")
