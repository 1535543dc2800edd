"""Shared fixtures: stores on SQLite and PostgreSQL, settings, the shared data folder."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from newsdesk.settings import Settings
from newsdesk.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
PG_ADMIN_URL = os.environ.get("NEWSDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip with the reason when the data is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} (shared data is absent on this machine)")
    return path


@pytest.fixture(scope="session")
def pg_factory():
    """Creates throwaway PostgreSQL databases on demand; drops them all at the end (skips if no server)."""
    try:
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}")
    created: list[str] = []

    def make() -> str:
        name = f"newsdesk_test_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return sa.engine.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in created:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_url(pg_factory):
    """One throwaway PostgreSQL database for this session; function fixtures reset its schema."""
    return pg_factory()


def _fresh_pg(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newsdesk.db'}"
    url = request.getfixturevalue("pg_url")
    _fresh_pg(url)
    return url


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url, host_delay=0)


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    s.migrate()
    yield s
    s.dispose()


@pytest.fixture
def sqlite_settings(tmp_path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'newsdesk.db'}", host_delay=0)
