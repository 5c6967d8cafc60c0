"""The stored evaluation and funding panels of each dossier's revision, read by every worker

Revision ID: pages01
Revises: fix17
"""

import sqlalchemy as sa
from alembic import op

revision = "pages01"
down_revision = "fix17"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_panels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=40), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_stored_panels_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_panels")),
        sa.UniqueConstraint("dossier_id", "part", name=op.f("uq_stored_panels_dossier_id")),
    )


def downgrade():
    op.drop_table("stored_panels")
