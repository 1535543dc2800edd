"""The whole pipeline on the demo corpus, on both databases: run, rerun, kill and resume, export, brief."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from newsdesk import pipeline
from newsdesk.cli import app
from newsdesk.models import StoryDocument
from newsdesk.settings import Settings
from newsdesk.store import Store

REPO = Path(__file__).resolve().parents[1]


def _run_demo(store, settings):
    pipeline.load_outlets(store, pipeline.demo_outlets())
    return pipeline.run(store, settings, pipeline.demo_sources())


def _snapshot(store: Store) -> dict:
    """What a reader could see: every story's membership and its written document."""
    members = store.story_memberships()
    docs = {sid: store.get_document(sid) for sid in members}
    return {
        "articles": store.count_articles(),
        "members": {k: sorted(v) for k, v in members.items()},
        "docs": {k: d.model_dump(mode="json") if d else None for k, d in docs.items()},
    }


def _urls_snapshot(store: Store) -> dict:
    """Membership by article URL (ids differ between databases)."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT url, story_id FROM articles")).all()
    groups: dict[str, set[str]] = {}
    for url, sid in rows:
        if sid:
            groups.setdefault(sid, set()).add(url)
    return {sid: sorted(urls) for sid, urls in groups.items()}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def demo_run(request, tmp_path_factory):
    """One demo run per backend, shared by the read-only tests below: (store, settings, report)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    else:
        url = request.getfixturevalue("pg_factory")()
    settings = Settings(database_url=url, host_delay=0)
    store = Store(url)
    store.migrate()
    report = _run_demo(store, settings)
    yield store, settings, report
    store.dispose()


def test_demo_run_builds_published_stories(demo_run):
    store, settings, report = demo_run
    assert report.ingest.failed == 0, report.ingest.failures
    assert report.ingest.added >= 40
    assert report.stories.new_stories >= 10
    assert report.write.failed == 0, report.write.failures
    published = store.list_documents(min_outlets=settings.min_outlets, limit=500)
    assert len(published) >= 10
    for doc in published:
        assert len(doc.outlets) >= 2 and not doc.single_source
        assert 2 <= len(doc.sections) <= 4
        assert doc.quick_read.text and doc.headline and doc.dek
        assert doc.disclaimer and doc.label == "AI Analysis"
        for section in doc.sections:
            for para in section.paragraphs:
                for sent in para.sentences:
                    assert sent.sources, f"uncited sentence in {doc.id}: {sent.text}"
                    for cit in sent.sources:
                        assert cit.article_url in doc.article_urls


def test_every_citation_is_verbatim_in_its_article(demo_run):
    store, _settings, _report = demo_run
    texts = {}
    for sid, ids in store.story_memberships().items():
        for art in store.get_articles(ids):
            texts[art.url] = art.text
    n = 0
    for doc in store.list_documents(status=None, limit=500):
        sentences = list(doc.summary_sentences) + list(doc.quick_read.sentences)
        sentences += [s for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
        for sent in sentences:
            for cit in sent.sources:
                assert cit.sentence in texts[cit.article_url], (doc.id, cit)
                n += 1
        if doc.pull_quote:
            assert doc.pull_quote.text in texts[doc.pull_quote.article_url]
    assert n > 50


def test_rerun_changes_nothing(demo_run):
    store, settings, _report = demo_run
    before = _snapshot(store)
    report = _run_demo(store, settings)
    assert report.ingest.added == 0
    assert report.stories.assigned == 0
    assert report.write.written == 0
    assert _snapshot(store) == before


def test_interrupted_write_resumes_without_duplicates(store, settings, monkeypatch):
    import newsdesk.pipeline as pl

    calls = {"n": 0}
    real = pl.write_one

    def flaky(store_, story_id, settings_):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C mid-stage
        return real(store_, story_id, settings_)

    monkeypatch.setattr(pl, "write_one", flaky)
    with pytest.raises(KeyboardInterrupt):
        _run_demo(store, settings)
    partial = len(store.document_fingerprints())
    assert partial == 3
    monkeypatch.setattr(pl, "write_one", real)
    report = _run_demo(store, settings)
    assert report.ingest.added == 0
    assert report.write.written == store.count_stories() - partial
    assert pl.stories_to_write(store) == []


def test_killed_process_resumes_to_the_same_result(tmp_path):
    """SIGKILL a real `newsdesk demo` mid-run; the rerun equals an uninterrupted run."""
    env = dict(os.environ, NEWSDESK_DATABASE_URL=f"sqlite:///{tmp_path / 'killed.db'}")
    cmd = [sys.executable, "-m", "newsdesk", "demo", "--no-serve"]
    proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed_db = Store(env["NEWSDESK_DATABASE_URL"])
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        try:
            if killed_db.count_articles() >= 10:
                break
        except Exception:
            pass
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    subprocess.run(cmd, env=env, cwd=tmp_path, check=True, capture_output=True, timeout=600)

    clean = Store(f"sqlite:///{tmp_path / 'clean.db'}")
    clean.migrate()
    _run_demo(clean, Settings(database_url=clean.url))
    assert killed_db.count_articles() == clean.count_articles()
    assert _urls_snapshot(killed_db) == _urls_snapshot(clean)
    assert set(killed_db.document_fingerprints()) == set(clean.document_fingerprints())
    assert pipeline.stories_to_write(killed_db) == []


def test_cli_export_writes_one_story_per_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "--no-serve", "--db", db])
    assert result.exit_code == 0, result.output
    out = tmp_path / "stories.jsonl"
    result = runner.invoke(app, ["export", "--format", "jsonl", "--db", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert len(lines) >= 10
    required = {"id", "category", "headline", "dek", "summary", "reading_minutes", "published", "updated",
                "image", "sections", "pull_quote", "quick_read", "sources", "article_urls", "related", "disclaimer"}
    for line in lines:
        data = json.loads(line)
        assert required <= data.keys()
        StoryDocument.model_validate(data)
        assert 60 <= len(data["summary"].split()) <= 90 or len(data["summary"].split()) < 60 and data["single_source"]


def test_cli_brief_writes_story_without_database(tmp_path):
    from newsdesk.demo import load_events, load_rows

    rows = {r["url"]: r for r in load_rows()}
    event = next(e for e in load_events().values() if len(e["urls"]) >= 3)
    group_rows = [rows[u] for u in event["urls"]]
    group = {"id": "g1", "articles": group_rows}
    src = tmp_path / "groups.jsonl"
    src.write_text(json.dumps(group) + "\n" + json.dumps({"id": "empty", "articles": []}) + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", "brief", str(src)], cwd=tmp_path, capture_output=True, text=True,
        env=dict(os.environ, NEWSDESK_DATABASE_URL=f"sqlite:///{tmp_path / 'must-not-exist.db'}"), timeout=300,
    )
    assert proc.returncode == 1, "the empty group is reported as a failure"
    assert "empty" in proc.stderr
    docs = [StoryDocument.model_validate_json(line) for line in proc.stdout.splitlines()]
    assert [d.id for d in docs] == ["g1"]
    doc = docs[0]
    assert set(doc.article_urls) == set(event["urls"])
    assert len(doc.outlets) >= 2 and not doc.single_source
    texts = {r["url"]: r["text"] for r in group_rows}
    cited = [c for sec in doc.sections for p in sec.paragraphs for s in p.sentences for c in s.sources]
    assert cited and all(c.sentence in texts[c.article_url] for c in cited)
    assert not (tmp_path / "must-not-exist.db").exists()


def test_llm_writer_setting_is_used_and_a_dead_endpoint_falls_back(tmp_path):
    """With an OpenAI-compatible backend configured, the pipeline asks it for every story;
    an endpoint that only answers 500 costs nothing but the model's sentences."""
    from test_llm import ScriptedServer

    srv = ScriptedServer()  # nothing scripted: every request gets a 500
    try:
        url = f"sqlite:///{tmp_path / 'llm.db'}"
        settings = Settings(database_url=url, host_delay=0, llm_backend="openai", llm_base_url=srv.url,
                            llm_model="scripted", llm_timeout=2)
        store = Store(url)
        store.migrate()
        pipeline.load_outlets(store, pipeline.demo_outlets())
        report = pipeline.run(store, settings, [pipeline.demo_sources()[0]])
        assert report.write.failed == 0 and report.write.written == store.count_stories()
        assert srv.requests, "the configured endpoint was asked"
        docs = store.list_documents(status=None, limit=500)
        assert docs and all(d.writer == "offline" for d in docs), "nothing from a failing model is published"
        assert all(s.sources for d in docs for sec in d.sections for p in sec.paragraphs for s in p.sentences)
        # switching back to the offline writer rewrites every story (the writer is part of the fingerprint)
        offline = settings.model_copy(update={"llm_backend": "offline"})
        assert len(pipeline.stories_to_write(store, offline)) == store.count_stories()
        assert pipeline.stories_to_write(store, settings) == []
    finally:
        srv.close()


def test_related_stories_exist_exclude_the_story_and_point_at_published_stories(demo_run):
    store, settings, _report = demo_run
    published = {d.id: d for d in store.list_documents(min_outlets=settings.min_outlets, limit=500)}
    with_related = 0
    for doc in store.list_documents(status=None, limit=500):
        assert doc.id not in doc.related
        assert len(doc.related) == len(set(doc.related)) <= 4
        for rid in doc.related:
            assert store.get_document(rid) is not None
        with_related += bool(doc.related)
    # the demo has several multi-outlet stories per category (Business, Climate): later ones link earlier ones
    assert with_related >= 3
    assert any(published[r].category == d.category for d in published.values() for r in d.related if r in published)


def test_a_story_that_cannot_be_written_is_a_recorded_failure_without_a_traceback(store, settings, monkeypatch, caplog):
    import logging

    import newsdesk.pipeline as pl
    from newsdesk.errors import WriteError

    real = pl.write_one
    calls = {"n": 0}

    def failing(store_, story_id, settings_):
        calls["n"] += 1
        if calls["n"] == 1:
            raise WriteError(f"story {story_id}: no usable sentences in 1 article(s)")
        if calls["n"] == 2:
            raise RuntimeError("a bug in the writer")
        return real(store_, story_id, settings_)

    monkeypatch.setattr(pl, "write_one", failing)
    with caplog.at_level(logging.WARNING, logger="newsdesk.pipeline"):
        report = _run_demo(store, settings)
    assert report.write.failed == 2
    reasons = [reason for _story, reason in report.write.failures]
    assert reasons[0].startswith("WriteError: story") and "no usable sentences" in reasons[0]
    assert reasons[1] == "RuntimeError: a bug in the writer"
    expected, bug = [r for r in caplog.records if "writing" in r.getMessage()]
    assert expected.levelno == logging.WARNING and expected.exc_info is None  # no traceback for an expected failure
    assert bug.levelno == logging.ERROR and bug.exc_info is not None  # a bug keeps its traceback
    assert {f["stage"] for f in store.list_failures()} >= {"write"}
