"""Editors: login (argon2, signed session, CSRF), review queue, approve/hold/reject, edits → corrections."""

from __future__ import annotations

import re
import shutil

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from newsdesk.editorial import Editorial, EditorialError, StoryEdit
from newsdesk.settings import Settings
from newsdesk.store import Store, users
from newsdesk.web import create_app

from .htmlcheck import scan
from .sample_site import DISCREPANCY_ID, HELD_ID, build_sample_store

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def newsroom_template(tmp_path_factory):
    """Built once; each test gets a copy, since tests change stories."""
    path = tmp_path_factory.mktemp("editor") / "template.db"
    store = build_sample_store(f"sqlite:///{path}")
    Editorial(store).create_user("ada", PASSWORD, role="editor")
    store.dispose()
    return path


@pytest.fixture
def newsroom(tmp_path, newsroom_template):
    shutil.copy(newsroom_template, tmp_path / "editor.db")
    url = f"sqlite:///{tmp_path / 'editor.db'}"
    store = Store(url)
    app = create_app(store, Settings(database_url=url, site_url="https://desk.example"))
    with TestClient(app, base_url="https://testserver") as client:
        yield client, store
    store.dispose()


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "form has a CSRF token"
    return match.group(1)


def login(client, password=PASSWORD):
    token = csrf_of(client.get("/editor/login").text)
    return client.post("/editor/login", data={"username": "ada", "password": password, "csrf": token},
                       follow_redirects=False)


@pytest.mark.parametrize("path", ["/editor", f"/editor/story/{HELD_ID}", "/editor/sources"])
def test_editor_pages_need_login(newsroom, path):
    client, _ = newsroom
    r = client.get(path, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/editor/login"


@pytest.mark.parametrize("path", [f"/editor/story/{HELD_ID}/decide", f"/editor/story/{HELD_ID}/edit"])
def test_editor_posts_need_login(newsroom, path):
    client, store = newsroom
    r = client.post(path, data={"action": "approve", "csrf": "x"})
    assert r.status_code == 403
    assert store.document_meta(HELD_ID)["status"] == "held"


def test_wrong_password_and_missing_csrf_are_refused(newsroom):
    client, _ = newsroom
    r = login(client, password="wrong password!")
    assert r.status_code == 401 and "Wrong username or password." in r.text
    assert client.get("/editor", follow_redirects=False).status_code == 303
    no_token = client.post("/editor/login", data={"username": "ada", "password": PASSWORD})
    assert no_token.status_code == 403


def test_login_sets_a_strict_httponly_session_and_no_store(newsroom):
    client, _ = newsroom
    r = login(client)
    assert r.status_code == 303 and r.headers["location"] == "/editor"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie
    queue = client.get("/editor", params={"status": "held"})
    assert queue.status_code == 200 and queue.headers["cache-control"] == "no-store"
    assert "Held Story Editors Have Not Released" in queue.text


def test_passwords_are_stored_as_argon2id(newsroom):
    _, store = newsroom
    with store.begin() as conn:
        stored = conn.execute(select(users.c.password_hash).where(users.c.username == "ada")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_approve_publishes_and_marks_reviewed(newsroom):
    client, store = newsroom
    assert client.get(f"/story/{HELD_ID}").status_code == 404
    login(client)
    page = client.get(f"/editor/story/{HELD_ID}")
    r = client.post(f"/editor/story/{HELD_ID}/decide", data={"action": "approve", "csrf": csrf_of(page.text)},
                    follow_redirects=False)
    assert r.status_code == 303
    assert store.document_meta(HELD_ID)["status"] == "published"
    public = client.get(f"/story/{HELD_ID}")
    assert public.status_code == 200 and "Reviewed by an editor" in public.text


def test_hold_and_reject_take_a_story_off_the_site(newsroom):
    client, store = newsroom
    login(client)
    token = csrf_of(client.get(f"/editor/story/{DISCREPANCY_ID}").text)
    client.post(f"/editor/story/{DISCREPANCY_ID}/decide", data={"action": "hold", "csrf": token})
    assert client.get(f"/story/{DISCREPANCY_ID}").status_code == 404
    client.post(f"/editor/story/{DISCREPANCY_ID}/decide", data={"action": "reject", "csrf": token})
    assert store.document_meta(DISCREPANCY_ID)["status"] == "rejected"
    bad = client.post(f"/editor/story/{DISCREPANCY_ID}/decide", data={"action": "delete", "csrf": token})
    assert bad.status_code == 400


def test_forged_csrf_changes_nothing(newsroom):
    client, store = newsroom
    login(client)
    r = client.post(f"/editor/story/{HELD_ID}/decide", data={"action": "approve", "csrf": "forged"})
    assert r.status_code == 403
    assert store.document_meta(HELD_ID)["status"] == "held"


def test_edit_of_a_published_story_shows_a_dated_correction(newsroom):
    client, store = newsroom
    login(client)
    token = csrf_of(client.get(f"/editor/story/{DISCREPANCY_ID}").text)
    form = {"csrf": token, "headline": "Harbour City Approves Transit Levy", "dek": "", "heading-0": "",
            "note": ""}
    refused = client.post(f"/editor/story/{DISCREPANCY_ID}/edit", data=form)
    assert refused.status_code == 400 and "correction note" in refused.text
    form.update(note="An earlier headline overstated how narrow the vote was.", drop=["0-0-1"])
    ok = client.post(f"/editor/story/{DISCREPANCY_ID}/edit", data=form, follow_redirects=False)
    assert ok.status_code == 303
    public = scan(client.get(f"/story/{DISCREPANCY_ID}").text)
    assert "Harbour City Approves Transit Levy" in public.text
    assert "Narrow Late-Night Vote" not in [a for t, a in public.tags if t == "h1"]
    assert "Corrections" in public.text
    assert "An earlier headline overstated how narrow the vote was." in public.text
    assert "Outlets report different margins for the vote." not in public.text
    doc = store.get_document(DISCREPANCY_ID)
    assert doc.quick_read.headline == "Harbour City Approves Transit Levy"
    # every remaining sentence still carries its citations
    assert all(s.sources for sec in doc.sections for p in sec.paragraphs for s in p.sentences)


def test_editing_a_held_story_logs_no_correction(newsroom):
    _, store = newsroom
    ed = Editorial(store)
    user = ed.authenticate("ada", PASSWORD)
    ed.apply_edit(HELD_ID, StoryEdit(dek="A better dek."), user)
    assert store.get_document(HELD_ID).dek == "A better dek."
    assert ed.corrections_for(HELD_ID) == []
    with pytest.raises(EditorialError, match="nothing changed"):
        ed.apply_edit(HELD_ID, StoryEdit(dek="A better dek."), user)


def test_editor_page_escapes_story_text_and_logout_ends_the_session(newsroom):
    client, _ = newsroom
    login(client)
    page = client.get("/editor/story/story-hostile")
    assert page.status_code == 200
    assert not [t for t, _ in scan(page.text).tags if t == "script"]
    token = csrf_of(page.text)
    assert client.post("/editor/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert client.get("/editor", follow_redirects=False).status_code == 303


def test_sources_page_lists_outlets_and_failures(newsroom):
    client, store = newsroom
    store.record_failure("ingest", "https://broken.example/feed", "timed out after 20s")
    login(client)
    text = scan(client.get("/editor/sources").text).text
    assert "Harbour Gazette" in text and "timed out after 20s" in text


def test_user_rules(newsroom):
    _, store = newsroom
    ed = Editorial(store)
    with pytest.raises(EditorialError, match="exists"):
        ed.create_user("ada", PASSWORD)
    with pytest.raises(EditorialError, match="at least"):
        ed.create_user("bob", "short")
    with pytest.raises(EditorialError, match="role"):
        ed.create_user("bob", PASSWORD, role="owner")
    assert ed.authenticate("nobody", PASSWORD) is None
    assert ed.authenticate("ada", PASSWORD + "x") is None
    assert ed.create_user("root", PASSWORD, role="admin").role == "admin"


def test_repeated_failed_logins_are_throttled(newsroom):
    client, _ = newsroom
    for _ in range(5):
        assert login(client, password="wrong password!").status_code == 401
    blocked = login(client)  # even the right password waits now
    assert blocked.status_code == 429 and "Too many failed logins" in blocked.text


def _login_as(client, store, username, role):
    Editorial(store).create_user(username, PASSWORD, role=role)
    token = csrf_of(client.get("/editor/login").text)
    r = client.post("/editor/login", data={"username": username, "password": PASSWORD, "csrf": token},
                    follow_redirects=False)
    assert r.status_code == 303
    return csrf_of(client.get("/editor").text)


def test_editors_pause_and_resume_feeds_admins_add_and_remove(newsroom):
    from newsdesk import feeds as feed_registry

    client, store = newsroom
    feed_registry.add_feed(store, "https://harbourgazette.example/feed.xml", outlet="Harbour Gazette")
    token = _login_as(client, store, "eddie", "editor")
    url = "https://harbourgazette.example/feed.xml"
    assert client.post("/editor/sources/feeds", data={"csrf": token, "action": "pause", "url": url},
                       follow_redirects=False).status_code == 303
    assert feed_registry.get_feed(store, url).paused
    assert "paused by eddie" in client.get("/editor/sources").text
    client.post("/editor/sources/feeds", data={"csrf": token, "action": "resume", "url": url})
    assert not feed_registry.get_feed(store, url).paused
    refused = client.post("/editor/sources/feeds", data={"csrf": token, "action": "remove", "url": url})
    assert refused.status_code == 403 and feed_registry.get_feed(store, url) is not None
    missing = client.post("/editor/sources/feeds", data={"csrf": token, "action": "pause",
                                                          "url": "https://nowhere.example/feed"})
    assert missing.status_code == 404


def test_admin_adds_feeds_and_accounts_editors_cannot(newsroom):
    from newsdesk import feeds as feed_registry

    client, store = newsroom
    token = _login_as(client, store, "root", "admin")
    r = client.post("/editor/sources/feeds", data={"csrf": token, "action": "add",
                                                   "url": "https://civicwire.example/rss", "outlet": "Civic Wire"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert feed_registry.get_feed(store, "https://civicwire.example/rss").outlet == "Civic Wire"
    bad = client.post("/editor/sources/feeds", data={"csrf": token, "action": "add", "url": "javascript:alert(1)"})
    assert bad.status_code == 400
    assert client.get("/editor/users").status_code == 200
    made = client.post("/editor/users", data={"csrf": token, "username": "newbie", "password": "x" * 12,
                                              "role": "editor"}, follow_redirects=False)
    assert made.status_code == 303
    assert "newbie" in [u.username for u in Editorial(store).list_users()]
    short = client.post("/editor/users", data={"csrf": token, "username": "b", "password": "short", "role": "editor"})
    assert short.status_code == 400 and "at least" in short.text
    client.post("/editor/logout", data={"csrf": token})
    token = _login_as(client, store, "plain", "editor")
    assert client.get("/editor/users").status_code == 403
    assert client.post("/editor/users", data={"csrf": token, "username": "x", "password": "y" * 12}).status_code == 403


def test_session_secret_comes_from_settings_or_environment(monkeypatch):
    from pydantic import SecretStr

    from newsdesk.web.app import session_secret

    class WithSecret(Settings):
        secret_key: SecretStr | None = None

    assert session_secret(WithSecret(secret_key=SecretStr("s3cret-from-settings"))) == "s3cret-from-settings"
    monkeypatch.setenv("NEWSDESK_SECRET_KEY", "s3cret-from-env")
    assert session_secret(Settings()) == "s3cret-from-env"
    monkeypatch.delenv("NEWSDESK_SECRET_KEY")
    first, second = session_secret(Settings()), session_secret(Settings())
    assert first != second and len(first) >= 48


def test_preview_shows_a_held_story_to_editors_only(newsroom):
    client, _ = newsroom
    assert client.get(f"/editor/story/{HELD_ID}/preview", follow_redirects=False).status_code == 303
    login(client)
    r = client.get(f"/editor/story/{HELD_ID}/preview")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    text = scan(r.text).text
    assert "Held Story Editors Have Not Released" in text and "Editor preview · status: held" in text
    assert client.get(f"/story/{HELD_ID}").status_code == 404
    assert client.get("/editor/story/nope/preview").status_code == 404


def test_dropping_sentences_updates_the_reading_time(newsroom):
    from newsdesk.models import CitedSentence, Paragraph, Section
    from newsdesk.store import fingerprint

    _, store = newsroom
    doc = store.get_document(HELD_ID)
    long = CitedSentence(text=" ".join(["Harbour"] * 449) + ".", sources=doc.sections[0].paragraphs[0].sentences[0].sources)
    store.save_document(doc.model_copy(update={
        "sections": [*doc.sections, Section(heading="The details", paragraphs=[Paragraph(sentences=[long])])],
        "reading_minutes": 3}), fingerprint([HELD_ID], "long"), status="pending")
    ed = Editorial(store)
    edited = ed.apply_edit(HELD_ID, StoryEdit(drop={(len(doc.sections), 0, 0)}), ed.authenticate("ada", PASSWORD))
    assert edited.reading_minutes == 1 and store.get_document(HELD_ID).reading_minutes == 1
