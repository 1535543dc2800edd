"""articles.published_estimated: the source gave no publication date

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:00:00

Articles stored before this migration keep ``false``: whether their date was given is not known.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_estimated', sa.Boolean(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('published_estimated')
