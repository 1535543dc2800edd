"""articles.paywalled: whether the page was a paywall/teaser

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paywalled', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('paywalled')
