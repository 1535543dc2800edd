"""Web fixtures: a sample newsroom in a tmp SQLite file and a TestClient over it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsdesk.settings import Settings
from newsdesk.web import create_app

from .sample_site import build_sample_store


@pytest.fixture(scope="session")
def site_db_url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("web") / "site.db"
    store = build_sample_store(f"sqlite:///{path}")
    store.dispose()
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def site_settings(site_db_url) -> Settings:
    return Settings(database_url=site_db_url, site_title="The Desk", site_url="https://desk.example",
                    min_outlets=2)


@pytest.fixture(scope="session")
def site_store(site_db_url):
    from newsdesk.store import Store

    store = Store(site_db_url)
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def client(site_store, site_settings) -> TestClient:
    with TestClient(create_app(site_store, site_settings)) as c:
        yield c
