"""replayable effects

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 09:27:48.982863
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table('processed_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('effects', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('performed_at', sa.DateTime(timezone=True), nullable=True))




def downgrade() -> None:

    with op.batch_alter_table('processed_update', schema=None) as batch_op:
        batch_op.drop_column('performed_at')
        batch_op.drop_column('effects')


