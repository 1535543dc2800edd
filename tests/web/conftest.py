"""Web fixtures: a sample newsroom in a tmp SQLite file, a TestClient over it, and for the
browser tests a real uvicorn server on 127.0.0.1 plus headless Chromium (Playwright)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

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


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """uvicorn serving ``app`` on 127.0.0.1 in a daemon thread (tests and screenshots)."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(site_store, site_settings):
    with ServerThread(create_app(site_store, site_settings)) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """A browser page that records console errors, page errors and dialogs."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield PageWatch(context.new_page())
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    yield PageWatch(context.new_page())
    context.close()
