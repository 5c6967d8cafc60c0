"""The evaluation of each dossier stored with the revision it was computed for

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
    op.create_table(
        "dossier_evaluations",
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("dossier_id"),
    )


def downgrade():
    op.drop_table("dossier_evaluations")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("revision")
