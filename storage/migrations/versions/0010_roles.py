"""roles: the district department's recommendation opinion; the expert assigned, conflicts of
interest declared, and the item-by-item verification record

Revision ID: 0010_roles
Revises: 0007
Create Date: 2026-12-03 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0010_roles"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(sa.Column("district_opinion", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("district_opinion_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("district_opinion_by", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("district_opinion_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("expert_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("expert_conflicts", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("verification", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_column("verification")
        batch_op.drop_column("expert_conflicts")
        batch_op.drop_column("expert_id")
        batch_op.drop_column("district_opinion_at")
        batch_op.drop_column("district_opinion_by")
        batch_op.drop_column("district_opinion_text")
        batch_op.drop_column("district_opinion")
