"""Notifications keep their message's values, to be written in the reader's language on display.

Revision ID: fix17
Revises: inspectors01
"""

from alembic import op
import sqlalchemy as sa

revision = "fix17"
down_revision = "inspectors01"
branch_labels = None
depends_on = None


def upgrade():
    # The values of the kind's message (JSON); rows written before keep their stored text.
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("params", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("params")
