"""The store on both backends: migrations, idempotent inserts, story assignment, failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from newsdesk.models import Article, Outlet, StoryDocument, QuickRead
from newsdesk.store import fingerprint, include_in_schema_compare, metadata

T0 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


def _article(url: str, outlet: str = "The Harbor Ledger", hours: int = 0, title: str = "Bridge closes") -> Article:
    return Article(id=0, url=url, title=title, text=f"{title}. The city closed it on Tuesday.",
                   published=T0 + timedelta(hours=hours), outlet=outlet)


def test_migrations_match_metadata(store):
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_in_schema_compare})
        diff = compare_metadata(context, metadata)
    assert diff == [], f"migrations and store.metadata disagree: {diff}"


def test_migrate_is_idempotent(store):
    store.migrate()
    assert store.count_articles() == 0


def test_add_article_same_url_changes_nothing(store):
    a_id, created = store.add_article(_article("https://a.example/1"))
    b_id, created_again = store.add_article(_article("https://a.example/1", title="Other title"))
    assert created and not created_again and a_id == b_id
    assert store.count_articles() == 1
    assert store.get_article(a_id).title == "Bridge closes"
    assert store.get_article(a_id).published == T0


def test_assign_story_and_membership(store):
    ids = [store.add_article(_article(f"https://a.example/{i}", hours=i))[0] for i in range(3)]
    assert store.unassigned_article_ids() == ids
    store.assign_story(ids[0], "s1", T0)
    store.assign_story(ids[1], "s1", T0 + timedelta(hours=1))
    story = store.get_story("s1")
    assert story.article_ids == sorted(ids[:2])
    assert story.updated == T0 + timedelta(hours=1)
    assert store.unassigned_article_ids() == [ids[2]]
    assert store.story_memberships() == {"s1": sorted(ids[:2])}


def test_duplicates_are_not_unassigned(store):
    a, _ = store.add_article(_article("https://a.example/1"))
    b, _ = store.add_article(_article("https://b.example/1", outlet="Other"))
    store.mark_duplicate(b, a)
    assert store.unassigned_article_ids() == [a]


def test_documents_roundtrip_and_listing(store):
    a, _ = store.add_article(_article("https://a.example/1"))
    store.assign_story(a, "s1", T0)
    doc = StoryDocument(
        id="s1", category="World", headline="Bridge closes", dek="d", summary="s", reading_minutes=1,
        published=T0, updated=T0, image=None, sections=[], pull_quote=None,
        quick_read=QuickRead(headline="Bridge closes", date="2026-11-17", text="t"),
        sources=[], article_urls=["https://a.example/1"], outlets=["The Harbor Ledger"],
    )
    fp = fingerprint([a])
    store.save_document(doc, fp)
    assert store.document_fingerprints() == {"s1": fp}
    assert store.get_document("s1") == doc
    assert [d.id for d in store.list_documents(category="World")] == ["s1"]
    assert store.list_documents(category="Sports") == []
    assert store.list_documents(min_outlets=2) == []
    store.set_document_status("s1", "held")
    assert store.list_documents() == []
    store.save_document(doc.model_copy(update={"headline": "New"}), fp)
    assert store.document_meta("s1")["status"] == "held", "rewriting keeps the editor's decision"


def test_failures_are_counted_and_cleared(store):
    store.record_failure("ingest", "https://bad.example/x", "timeout")
    store.record_failure("ingest", "https://bad.example/x", "reset")
    rows = store.list_failures("ingest")
    assert len(rows) == 1 and rows[0]["attempts"] == 2 and rows[0]["reason"] == "reset"
    store.clear_failure("ingest", "https://bad.example/x")
    assert store.list_failures() == []


def test_clear_failures_forgets_only_the_given_keys_of_the_stage(store):
    for key in ("a.jsonl:3", "https://bad.example/y", "https://other.example/z"):
        store.record_failure("ingest", key, "broken")
    store.record_failure("write", "a.jsonl:3", "kept: another stage")
    store.clear_failures("ingest", ["a.jsonl:3", "https://bad.example/y", "https://bad.example/y", ""])
    left = {(r["stage"], r["item"]) for r in store.list_failures()}
    assert left == {("ingest", "https://other.example/z"), ("write", "a.jsonl:3")}


def test_outlet_upsert_keeps_known_fields(store):
    store.upsert_outlet(Outlet(name="Ledger", country="US", owner="Ledger Co"))
    store.upsert_outlet(Outlet(name="Ledger", type="newspaper"))
    store.upsert_outlet(Outlet(name="Ledger"))  # knows nothing new: changes nothing
    o = store.get_outlet("Ledger")
    assert (o.country, o.owner, o.type) == ("US", "Ledger Co", "newspaper")
    store.upsert_outlet(Outlet(name="Bare"))
    assert store.get_outlet("Bare") == Outlet(name="Bare")


def test_fingerprint_depends_on_membership_not_order():
    assert fingerprint([3, 1, 2]) == fingerprint([1, 2, 3])
    assert fingerprint([1, 2]) != fingerprint([1, 2, 3])
    assert fingerprint([1], "v1") != fingerprint([1], "v2")
