"""people on channels with string ids (WeCom external_userid) and their delivery window

Revision ID: 0013_channel_contact
Revises: 0012_opinion_district
Create Date: 2026-12-07 18:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0013_channel_contact"
down_revision: str | None = "0012_opinion_district"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_contact",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(128), nullable=False),
        sa.Column("last_inbound_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_since_inbound", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("window_told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("channel", "external_id", name="uq_channel_contact"),
    )


def downgrade() -> None:
    op.drop_table("channel_contact")
