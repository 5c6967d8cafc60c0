"""Each dossier carries a revision, incremented by every evaluated change: the key under which its
evaluation is kept for the pages that follow a save

Revision ID: save01
Revises: c2f59524dd98
Create Date: 2026-12-01 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "save01"
down_revision = "c2f59524dd98"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("revision")
