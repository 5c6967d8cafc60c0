"""Inspectors at the scale of a département: assignment by circonscription, avis tied to a
deposit, the amount granted and the convention number, saved inbox views, background jobs

Revision ID: inspectors01
Revises: save01
Create Date: 2026-12-01 20:50:00

"""

from alembic import op
import sqlalchemy as sa

import models.base


revision = "inspectors01"
down_revision = "rules01"  # re-chained: save01 → accounts01 → document01 → inputs01 → rules01 → inspectors01
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("circonscription", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deposit_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("deposited_at", models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("first_deposited_at", models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("avis_value", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("granted_cents", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("convention_number", sa.String(length=60), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("decided_at", models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key("fk_dossiers_assignee_id_users", "users", ["assignee_id"], ["id"])
        batch_op.create_index("ix_dossiers_assignee_id", ["assignee_id"], unique=False)
        batch_op.create_index(
            "ix_dossiers_dept_circonscription", ["departement", "circonscription"], unique=False
        )
    with op.batch_alter_table("avis", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deposit_number", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("state_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("override_reason", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "inspector_circonscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("departement", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_inspector_circonscriptions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspector_circonscriptions")),
        sa.UniqueConstraint(
            "user_id", "departement", "name", name=op.f("uq_inspector_circonscriptions_user_id")
        ),
    )
    op.create_index(
        "ix_inspector_circonscriptions_lookup", "inspector_circonscriptions", ["departement", "name"]
    )
    op.create_table(
        "inbox_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("query", sa.String(length=1000), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_inbox_views_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_views")),
    )
    op.create_index("ix_inbox_views_user_id", "inbox_views", ["user_id"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_jobs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index("ix_jobs_user_id", "jobs", ["user_id"])
    # What existing dossiers already have: their deposits, and the deposit each avis was given on.
    op.execute(
        "UPDATE dossiers SET deposit_count = (SELECT count(*) FROM deposits WHERE deposits.dossier_id = dossiers.id),"
        " deposited_at = (SELECT max(deposited_at) FROM deposits WHERE deposits.dossier_id = dossiers.id),"
        " first_deposited_at = (SELECT min(deposited_at) FROM deposits WHERE deposits.dossier_id = dossiers.id)"
    )
    op.execute(
        "UPDATE avis SET deposit_number = COALESCE((SELECT max(number) FROM deposits"
        " WHERE deposits.dossier_id = avis.dossier_id AND deposits.deposited_at <= avis.at), 0)"
    )


def downgrade():
    op.drop_index("ix_jobs_user_id", table_name="jobs")
    op.drop_table("jobs")
    op.drop_index("ix_inbox_views_user_id", table_name="inbox_views")
    op.drop_table("inbox_views")
    op.drop_index("ix_inspector_circonscriptions_lookup", table_name="inspector_circonscriptions")
    op.drop_table("inspector_circonscriptions")
    with op.batch_alter_table("state_changes", schema=None) as batch_op:
        batch_op.drop_column("override_reason")
    with op.batch_alter_table("avis", schema=None) as batch_op:
        batch_op.drop_column("deposit_number")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_index("ix_dossiers_dept_circonscription")
        batch_op.drop_index("ix_dossiers_assignee_id")
        batch_op.drop_constraint("fk_dossiers_assignee_id_users", type_="foreignkey")
        for column in (
            "decided_at",
            "convention_number",
            "granted_cents",
            "avis_value",
            "first_deposited_at",
            "deposited_at",
            "deposit_count",
            "assignee_id",
            "circonscription",
        ):
            batch_op.drop_column(column)
