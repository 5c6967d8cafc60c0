"""Change-log actions up to 30 characters: « request_correction » (18) did not fit in 10, so a
request for correction failed on PostgreSQL (SQLite does not check lengths)

Revision ID: 7d2e4a91c3b5
Revises: c1b154107f77
Create Date: 2026-11-22 03:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7d2e4a91c3b5"
down_revision = "c1b154107f77"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.alter_column(
            "action", existing_type=sa.String(length=10), type_=sa.String(length=30), existing_nullable=False
        )


def downgrade():
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.alter_column(
            "action", existing_type=sa.String(length=30), type_=sa.String(length=10), existing_nullable=False
        )
