"""The filed dossier: the seat commune, postal address, académie, deliberation and signature date
of the collectivité; the attachments (content-addressed files) and the manifest of those a
deposit froze

Revision ID: document01
Revises: save01
Create Date: 2026-12-01 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'document01'
down_revision = 'accounts01'  # re-chained: save01 → accounts01 → document01
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seat_commune', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('address', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('academie', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('deliberation_number', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('deliberation_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('signed_on', sa.Date(), nullable=True))
    op.create_table(
        'attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('pages', sa.Integer(), nullable=True),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index('ix_attachments_dossier_id', ['dossier_id'], unique=False)
        batch_op.create_index('ix_attachments_sha256', ['sha256'], unique=False)
    with op.batch_alter_table('deposits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pieces', sa.Text(), nullable=False, server_default='[]'))


def downgrade():
    with op.batch_alter_table('deposits', schema=None) as batch_op:
        batch_op.drop_column('pieces')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_attachments_sha256')
        batch_op.drop_index('ix_attachments_dossier_id')
    op.drop_table('attachments')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        for column in ('signed_on', 'deliberation_date', 'deliberation_number', 'academie', 'address', 'seat_commune'):
            batch_op.drop_column(column)
