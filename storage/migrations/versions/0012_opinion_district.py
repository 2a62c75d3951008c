"""the district that gave the opinion (an opinion belongs to the district that gave it)

Revision ID: 0012_opinion_district
Revises: 0011_after
Create Date: 2026-12-07 18:20:00

Existing opinions are given the district their latest audit row (``recommend``/``decline``,
detail ``district``) names.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_opinion_district"
down_revision: str | None = "0011_after"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("application", sa.Column("district_opinion_district", sa.String(32), nullable=True))
    bind = op.get_bind()
    audit = sa.table(
        "audit", sa.column("id", sa.Integer), sa.column("action", sa.String), sa.column("subject", sa.String),
        sa.column("detail", sa.JSON),
    )
    application = sa.table(
        "application", sa.column("number", sa.String), sa.column("district_opinion_district", sa.String)
    )
    given: dict[str, str] = {}
    rows = bind.execute(
        sa.select(audit.c.subject, audit.c.detail)
        .where(audit.c.action.in_(("recommend", "decline")))
        .order_by(audit.c.id)
    )
    for subject, detail in rows:
        district = (detail or {}).get("district") if isinstance(detail, dict) else None
        if district:
            given[subject] = str(district)[:32]
    for number, district in given.items():
        bind.execute(
            application.update().where(application.c.number == number).values(district_opinion_district=district)
        )


def downgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.drop_column("district_opinion_district")
