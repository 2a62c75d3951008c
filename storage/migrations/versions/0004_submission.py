"""submission

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 08:50:33.694132
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('submissions', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('return_reason', sa.Text(), nullable=True))




def downgrade() -> None:

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('return_reason')
        batch_op.drop_column('submissions')
        batch_op.drop_column('submitted_at')


