"""The CLI as a user drives it: feeds registry, watch against a local feed server, accounts, extract, failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_fetch import LocalServer, reply
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.editorial import Editorial
from newsdesk.settings import get_settings
from newsdesk.store import Store

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """A database URL in the environment, as a user would set it."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", url)
    monkeypatch.setenv("NEWSDESK_HOST_DELAY", "0")
    monkeypatch.setenv("COLUMNS", "250")  # Rich tables would fold long URLs at 80
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def invoke(*args: str, input: str | None = None):
    result = CliRunner().invoke(app, list(args), input=input)
    return result


def test_feeds_add_list_pause_resume_remove(cli_env):
    assert invoke("feeds", "add", "https://news.example/feed.xml", "--category", "World").exit_code == 0
    out = invoke("feeds", "list").output
    assert "news.example/feed.xml" in out and "active" in out
    assert invoke("feeds", "pause", "https://news.example/feed.xml", "--reason", "too noisy").exit_code == 0
    assert "too noisy" in invoke("feeds", "list", "--paused").output
    assert invoke("feeds", "resume", "https://news.example/feed.xml").exit_code == 0
    assert "active" in invoke("feeds", "list", "--active").output
    assert invoke("feeds", "remove", "https://news.example/feed.xml").exit_code == 0
    assert invoke("feeds", "remove", "https://news.example/feed.xml").exit_code == 1
    assert invoke("feeds", "add", "file:///etc/passwd").exit_code != 0


def test_feeds_import_opml(cli_env, tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="A" xmlUrl="https://a.example/rss"/><outline text="B" xmlUrl="https://b.example/atom"/>'
        "</body></opml>"
    )
    result = invoke("feeds", "import", str(opml), "--kind", "opml")
    assert result.exit_code == 0, result.output
    out = invoke("feeds", "list").output
    assert "a.example/rss" in out and "b.example/atom" in out


def test_feeds_import_tells_the_file_kind_from_its_content(cli_env, tmp_path):
    opml = tmp_path / "subscriptions.xml"  # no telling suffix: the content decides
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    '<outline text="A" xmlUrl="https://a.example/rss"/></body></opml>')
    kite = tmp_path / "kite.json"
    kite.write_text(json.dumps({"World": {"category_type": "topic", "feeds": ["https://w.example/rss", "ftp://x"]},
                                "Science": {"feeds": ["https://s.example/atom"]}}))
    media = tmp_path / "outlets.json"
    media.write_text(json.dumps([{"organization": "Harbor Ledger", "domains": ["harborledger.example"],
                                  "country": "Aldermark", "owner": "Ledger Group", "typology": "Newspaper"}]))
    for path, expected in ((opml, "1 imported"), (kite, "2 imported"), (media, "1 imported")):
        result = invoke("feeds", "import", str(path))
        assert result.exit_code == 0, result.output
        assert expected in result.output
    out = invoke("feeds", "list").output
    assert "a.example/rss" in out and "w.example/rss" in out and "s.example/atom" in out and "ftp://x" not in out
    outlet = Store(cli_env).get_outlet("Harbor Ledger")
    assert outlet is not None and outlet.country == "Aldermark" and outlet.owner == "Ledger Group"
    # --category narrows a kite import; re-importing registers nothing twice
    assert invoke("feeds", "import", str(kite), "--category", "Science").exit_code == 0
    assert invoke("feeds", "list").output.count("s.example/atom") == 1


def test_feeds_import_of_an_unknown_file_says_what_it_expected(cli_env, tmp_path):
    from newsdesk.errors import ParseError

    other = tmp_path / "notes.json"
    other.write_text(json.dumps({"hello": "world"}))
    result = invoke("feeds", "import", str(other))
    assert isinstance(result.exception, ParseError)
    assert "expected an OPML file" in str(result.exception)
    missing = invoke("feeds", "import", str(tmp_path / "absent.opml"))
    assert missing.exit_code == 2 and "does not exist" in missing.output


def _run_cli(*args: str, env: dict[str, str] | None = None):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "newsdesk", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "250", **(env or {})})


def test_unreachable_database_is_one_error_line_not_a_traceback(tmp_path):
    result = _run_cli("stats", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot migrate"), result.stderr
    assert "Traceback" not in result.stderr and "╭" not in result.stderr


def test_bad_setting_names_the_variable_and_exits_2(tmp_path):
    result = _run_cli("stats", env={"NEWSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
                                    "NEWSDESK_STORY_THRESHOLD": "abc", "NEWSDESK_MIN_OUTLETS": "two"})
    assert result.returncode == 2
    assert "NEWSDESK_STORY_THRESHOLD='abc'" in result.stderr and "NEWSDESK_MIN_OUTLETS='two'" in result.stderr
    assert "Traceback" not in result.stderr


def test_get_settings_turns_refused_values_into_a_config_error(monkeypatch):
    from newsdesk.errors import ConfigError

    monkeypatch.setenv("NEWSDESK_EXTRACT_WORKERS", "-3")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="NEWSDESK_EXTRACT_WORKERS='-3': Input should be greater than or equal to 0"):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_watch_once_polls_a_local_feed_and_writes_stories(cli_env, monkeypatch):
    srv = LocalServer().start()
    try:
        monkeypatch.setenv("NEWSDESK_ALLOWED_HOSTS", '["127.0.0.1"]')
        get_settings.cache_clear()
        page = (PAGES / "harbour_bridge.html").read_bytes()
        feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
<item><title>Bridge</title><link>{srv.url('/news/bridge')}</link>
<pubDate>Sat, 14 Mar 2026 08:30:00 GMT</pubDate></item></channel></rss>""".encode()
        srv.routes["/feed.xml"] = reply(body=feed, headers={"Content-Type": "application/rss+xml"})
        srv.routes["/news/bridge"] = reply(body=page, headers={"Content-Type": "text/html"})
        assert invoke("feeds", "add", srv.url("/feed.xml")).exit_code == 0
        result = invoke("watch", "--once")
        assert result.exit_code == 0, result.output
        store = Store(cli_env)
        assert store.count_articles() == 1
        assert store.count_stories() == 1
        assert len(store.document_fingerprints()) == 1, "the new item went through every stage"
    finally:
        srv.stop()


def test_loopback_feed_is_refused_by_default(cli_env):
    srv = LocalServer().start()
    try:
        srv.routes["/feed.xml"] = reply(body=b"<rss version='2.0'><channel><title>x</title></channel></rss>")
        result = invoke("ingest", srv.url("/feed.xml"))
        assert result.exit_code == 0
        assert "1 failed" in result.output
        assert srv.paths() == [], "no request reached the loopback server"
        failures = invoke("failures").output
        assert "127.0.0.1" in failures
    finally:
        srv.stop()


def test_user_add_creates_an_account_that_can_log_in(cli_env):
    result = invoke("user", "add", "ada", "--role", "admin", input="correct horse battery\ncorrect horse battery\n")
    assert result.exit_code == 0, result.output
    editorial = Editorial(Store(cli_env))
    assert editorial.authenticate("ada", "correct horse battery").role == "admin"
    assert editorial.authenticate("ada", "wrong password") is None
    assert invoke("user", "add", "ada", input="another password\nanother password\n").exit_code == 1


def test_extract_prints_one_json_line_per_page(cli_env, tmp_path):
    bad = tmp_path / "empty.html"
    bad.write_text("<html><body></body></html>")
    result = invoke("extract", str(PAGES / "harbour_bridge.html"), str(bad))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 2
    assert lines[0]["title"] and len(lines[0]["text"]) > 200 and "error" not in lines[0]
    assert lines[1]["error"]
