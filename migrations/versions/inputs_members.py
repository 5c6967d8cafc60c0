"""Members of a collectivité: the right to deposit (legal representative or recorded delegation)
and the collectivité's log (who joined, who removed whom, who gave the right)

Revision ID: inputs01
Revises: document01
Create Date: 2026-12-01 21:30:00

"""

import sqlalchemy as sa
from alembic import op

import models.base

revision = "inputs01"
down_revision = "document01"  # re-chained after main: save01 → accounts01 → document01 → inputs01
branch_labels = None
depends_on = None

# The creator of a collectivité's space held every right until now: they keep the right to deposit.
CREATOR_DELEGATION = "Créateur de l'espace de la collectivité (droit repris à la mise à jour)"


def upgrade():
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deposit_right", sa.String(length=20), server_default="", nullable=False))
        batch_op.add_column(sa.Column("delegation", sa.String(length=300), server_default="", nullable=False))
        batch_op.add_column(sa.Column("right_granted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("right_granted_at", models.base.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(
            "fk_memberships_right_granted_by_id_users", "users", ["right_granted_by_id"], ["id"], ondelete="SET NULL"
        )
    memberships = sa.table(
        "memberships", sa.column("role", sa.String), sa.column("deposit_right", sa.String), sa.column("delegation", sa.String)
    )
    op.execute(
        memberships.update()
        .where(memberships.c.role == "admin")
        .values(deposit_right="delegation", delegation=CREATOR_DELEGATION)
    )
    op.create_table(
        "organisation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.Column("at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_organisation_events_organisation_id", "organisation_events", ["organisation_id"])


def downgrade():
    op.drop_index("ix_organisation_events_organisation_id", table_name="organisation_events")
    op.drop_table("organisation_events")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint("fk_memberships_right_granted_by_id_users", type_="foreignkey")
        batch_op.drop_column("right_granted_at")
        batch_op.drop_column("right_granted_by_id")
        batch_op.drop_column("delegation")
        batch_op.drop_column("deposit_right")
