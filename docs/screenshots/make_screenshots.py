"""Screenshots of the site for the README and docs: home, AI Analysis and Quick Read pages,
desktop (1280 wide, full page) and phone (390x844), taken with headless Chromium.

    .venv/bin/python docs/screenshots/make_screenshots.py                 # the site in ./newsdesk.db
    .venv/bin/python docs/screenshots/make_screenshots.py --database-url sqlite:///demo.db
    .venv/bin/python docs/screenshots/make_screenshots.py --sample        # the web tests' sample newsroom

It serves the database with uvicorn on a free 127.0.0.1 port, picks the top story (or
``--story ID``) and writes PNGs next to this script (or to ``--out``). With
``--editor USER:PASSWORD`` (automatic with ``--sample``) it also logs in and shoots the
review queue.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(app):
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("uvicorn did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def build_app(args):
    """The app over the requested database (or the sample newsroom in a temporary file)."""
    from newsdesk.settings import Settings
    from newsdesk.store import Store
    from newsdesk.web import create_app

    if args.sample:
        from starlette.routing import Mount
        from starlette.staticfiles import StaticFiles

        sys.path.insert(0, str(REPO / "tests"))
        from web.sample_site import build_sample_store

        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'sample.db'}"
        store = build_sample_store(url, image_dir_url="/static/sample-images")
        from newsdesk.editorial import Editorial

        Editorial(store).create_user("editor", "sample-password")
        args.editor = args.editor or "editor:sample-password"
        app = create_app(store, Settings(database_url=url, site_title="The Desk"))
        # before the /static mount, which would answer 404 for these test-only pictures
        app.router.routes.insert(0, Mount("/static/sample-images",
                                          StaticFiles(directory=str(REPO / "tests/web/images"))))
        return app, store
    settings = Settings(**({"database_url": args.database_url} if args.database_url else {}))
    store = Store(settings.database_url)
    return create_app(store, settings), store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="store to show (default: NEWSDESK_DATABASE_URL or ./newsdesk.db)")
    parser.add_argument("--sample", action="store_true", help="show the web tests' sample newsroom")
    parser.add_argument("--story", help="story id for the analysis and quick-read shots (default: top story)")
    parser.add_argument("--editor", help="USER:PASSWORD of an editor account, to shoot the review queue")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNGs")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from newsdesk.web.present import rank_top

    app, store = build_app(args)
    story_id = args.story
    if story_id is None:
        ranked = rank_top(store.list_documents(min_outlets=app.state.settings.min_outlets, limit=60))
        if not ranked:
            raise SystemExit("no published stories in this database; run `newsdesk run` first")
        story_id = ranked[0].id
    server, thread, base = _serve(app)
    shots = {"home": "/", "analysis": f"/story/{story_id}", "quickread": f"/quick/{story_id}"}
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            for device, options, full in (
                ("desktop", {"viewport": {"width": 1280, "height": 900}}, True),
                ("phone", {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
                           "is_mobile": True, "has_touch": True}, False),
            ):
                context = browser.new_context(**options)
                page = context.new_page()
                for name, path in shots.items():
                    response = page.goto(base + path, wait_until="load")
                    if response is None or response.status != 200:
                        raise SystemExit(f"{path} answered {response.status if response else 'nothing'}")
                    # load lazy images below the fold before a full-page shot
                    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                    page.wait_for_load_state("networkidle")
                    page.evaluate("window.scrollTo(0, 0)")
                    target = args.out / f"{name}-{device}.png"
                    page.screenshot(path=str(target), full_page=full)
                    print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
                if args.editor and device == "desktop":
                    user, _, password = args.editor.partition(":")
                    page.goto(base + "/editor/login")
                    page.fill("#username", user)
                    page.fill("#password", password)
                    page.click(".editor-form button[type=submit]")
                    page.wait_for_url("**/editor")
                    page.goto(base + "/editor?status=published", wait_until="load")
                    target = args.out / "review-queue-desktop.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
                context.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
