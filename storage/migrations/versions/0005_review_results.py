"""review results

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 08:57:33.615357
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inconsistencies', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('verified_level', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('verified_score', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('case_score', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('result', sa.String(length=16), nullable=True))




def downgrade() -> None:

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('result')
        batch_op.drop_column('case_score')
        batch_op.drop_column('verified_score')
        batch_op.drop_column('verified_level')
        batch_op.drop_column('inconsistencies')


