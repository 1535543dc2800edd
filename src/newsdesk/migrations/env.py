"""Alembic environment: runs migrations on the connection the Store hands over."""

from alembic import context
from sqlalchemy import create_engine

from newsdesk.store import include_in_schema_compare, metadata

config = context.config
target_metadata = metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          include_name=include_in_schema_compare)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.attributes.get("connection_url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True,
                          include_name=include_in_schema_compare)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
