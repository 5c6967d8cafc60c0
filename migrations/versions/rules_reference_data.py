"""INSEE's communes (Code officiel géographique), the sessions of a call published by an
administrator, and the commune of each school of a dossier

Revision ID: rules01
Revises: document01
Create Date: 2026-12-01 21:00:00

"""

import sqlalchemy as sa
from alembic import op

import models.base

revision = "rules01"
down_revision = "inputs01"  # re-chained: save01 → accounts01 → document01 → inputs01 → rules01
branch_labels = None
depends_on = None


def _key(length: int):
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def upgrade():
    op.create_table(
        "geo_communes",
        sa.Column("code", _key(5), nullable=False),
        sa.Column("typecom", sa.String(length=4), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("departement", sa.String(length=3), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("parent", sa.String(length=5), nullable=False),
        sa.PrimaryKeyConstraint("code", "typecom"),
    )
    op.create_table(
        "geo_loads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("loaded_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "call_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("opens", sa.DateTime(), nullable=False),
        sa.Column("closes", sa.DateTime(), nullable=False),
        sa.Column("published_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_call_sessions_call_opens", "call_sessions", ["call_id", "opens"], unique=False)
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.add_column(sa.Column("commune", sa.String(length=100), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_column("commune")
    op.drop_index("ix_call_sessions_call_opens", table_name="call_sessions")
    op.drop_table("call_sessions")
    op.drop_table("geo_loads")
    op.drop_table("geo_communes")
