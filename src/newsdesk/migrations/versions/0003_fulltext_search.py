"""full-text search index of written documents (SQLite FTS5 / PostgreSQL tsvector + GIN)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 16:45:00

The index is not part of ``store.metadata``: on SQLite it is an FTS5 virtual table. Rows
are written by ``store.index_for_search`` whenever a document is saved or edited; this
migration fills it from the documents already stored.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TABLE = 'documents_fts'


def upgrade() -> None:
    from newsdesk.models import StoryDocument
    from newsdesk.store import index_for_search

    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute(
            f"CREATE TABLE {TABLE} ("
            " story_id VARCHAR(120) PRIMARY KEY REFERENCES documents (story_id) ON DELETE CASCADE,"
            " headline TEXT NOT NULL, dek TEXT NOT NULL, body TEXT NOT NULL, outlets TEXT NOT NULL,"
            " tsv TSVECTOR NOT NULL)"
        )
        op.execute(f"CREATE INDEX ix_{TABLE}_tsv ON {TABLE} USING gin (tsv)")
    else:
        # unicode61 remove_diacritics 2: case and accents folded; no stemming (as 'simple' on PostgreSQL)
        op.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
            "story_id UNINDEXED, headline, dek, body, outlets, tokenize='unicode61 remove_diacritics 2')"
        )
    for (body,) in bind.execute(sa.text("SELECT body FROM documents")):
        index_for_search(bind, StoryDocument.model_validate_json(body))


def downgrade() -> None:
    op.execute(f"DROP TABLE {TABLE}")
