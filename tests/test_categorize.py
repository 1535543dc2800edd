"""Story categories: the demo corpus's gold events, and the AllSides floor (skips without ../shared)."""

from __future__ import annotations

import importlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import shared_path

from newsdesk.demo import load_events, load_rows
from newsdesk.models import CATEGORIES, Article
from newsdesk.write.categorize import categorize

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_demo_events_get_their_gold_category():
    rows = {r["url"]: r for r in load_rows()}
    misses = []
    events = load_events()
    for slug, event in events.items():
        articles = [
            Article(id=i, url=u, title=rows[u]["title"], text=rows[u]["text"],
                    published=datetime(2026, 11, 20, tzinfo=UTC), outlet=rows[u]["outlet"])
            for i, u in enumerate(event["urls"])
        ]
        predicted = categorize(articles)
        assert predicted in CATEGORIES
        if predicted != event["category"]:
            misses.append((slug, event["category"], predicted))
    assert len(misses) <= len(events) // 10, misses


def test_allsides_category_accuracy_floor():
    shared_path("data", "allsides", "stories_dev.jsonl")
    sys.path.insert(0, str(BENCH))
    try:
        import bench_writer
    finally:
        sys.path.remove(str(BENCH))
    result = bench_writer.category_accuracy(None)
    # Pinned floor (measured 0.678; majority-class baseline 0.326). Lower it only on purpose.
    assert result["accuracy"] >= 0.66, json.dumps(result)
    assert result["accuracy"] > 1.8 * result["majority_class_baseline"]


def _one(title: str, text: str) -> list:
    from datetime import datetime

    from newsdesk.models import Article

    return [Article(id=1, url="https://a.test/1", title=title, text=text, published=datetime(2021, 5, 4), outlet="A")]


VACCINE = _one("Teenagers cleared for shots",
               "Regulators cleared the Pfizer shot for children aged 12 to 15, and pediatricians prepared to "
               "start inoculations next week.")


def test_embeddings_read_a_topic_the_keywords_misread(monkeypatch):
    from newsdesk.embed import onnx_available
    cat = importlib.import_module("newsdesk.write.categorize")  # the module, not the function

    if not onnx_available():
        pytest.skip("the bundled MiniLM model (embed extra) is not installed")
    # keywords alone see "shot" and say crime; the story's meaning is a vaccine approval
    monkeypatch.setattr(cat, "_category_embedding", lambda: None)
    assert cat.categorize(VACCINE) == "Crime & Justice"
    monkeypatch.undo()
    assert cat.categorize(VACCINE) == "Health"


def test_without_the_model_keywords_decide_and_nothing_matching_is_politics(monkeypatch):
    cat = importlib.import_module("newsdesk.write.categorize")  # the module, not the function

    monkeypatch.setattr(cat, "_category_embedding", lambda: None)
    assert cat.categorize(_one("Ceasefire talks in Gaza", "Israel and Hamas negotiators met in Cairo.")) == "World"
    assert cat.categorize(_one("Untitled", "Nothing here names a topic at all.")) == "Politics"


@pytest.mark.parametrize("title, text, expected", [
    ("Neuer Cheftrainer für Dormagen", "Der Handballverein hat einen neuen Cheftrainer verpflichtet. Die Mannschaft "
     "spielt in der kommenden Saison in der zweiten Liga.", "Sports"),
    ("Festnahme nach Einbruch in Lowmere", "Die Polizei hat zwei Männer festgenommen. Die Staatsanwaltschaft "
     "ermittelt wegen schweren Diebstahls.", "Crime & Justice"),
    ("Neue Ausstellung im Stadtmuseum", "Die Kirche am Markt und das Museum zeigen Bilder einer Künstlerin; "
     "die Ausstellung läuft bis März.", "Culture"),  # "Kirche" is no "KI", "Künstlerin" no "Kunststoff"
    ("Heizen mit Wärmepumpe", "Wer seine Heizung tauscht, spart Energie und senkt die Emissionen seines Hauses.",
     "Climate"),
    ("Impfstoff zugelassen", "Die Behörde hat einen neuen Impfstoff gegen das Coronavirus zugelassen; Ärzte "
     "können ihn ab Montag verimpfen.", "Health"),
])
def test_german_stories_are_filed_by_german_words(title, text, expected):
    """MiniLM and the English keywords misfiled German stories (bench_real_pages: hand-labelled accuracy)."""
    article = Article(id=1, url="https://o.test/a", title=title, text=text,
                      published=datetime(2026, 11, 20, tzinfo=UTC), outlet="Outlet")
    assert categorize([article], "de") == expected


@pytest.mark.parametrize("language, title, text, category", [
    ("es", "El fiscal pide diez años de prisión para el exalcalde",
     "La fiscalía acusó al exalcalde de corrupción y el juez fijó el juicio para mayo.", "Crime & Justice"),
    ("pt", "Senado aprova reforma eleitoral em votação apertada",
     "Os senadores aprovaram a proposta do governo; a oposição promete recorrer ao presidente.", "Politics"),
    ("fr", "Le PSG remporte le championnat après une victoire à Lyon",
     "L'entraîneur a salué son équipe, qui a marqué deux buts en fin de match.", "Sports"),
    ("it", "L'inflazione sale al 5% e la borsa chiude in calo",
     "I prezzi dei carburanti spingono l'inflazione; le imprese chiedono un taglio delle tasse.", "Business"),
    ("es", "Ola de calor y sequía golpean el sur del país",
     "Las temperaturas superaron los 40 grados y el calentamiento agrava la sequía, según la agencia de meteorología.",
     "Climate"),
])
def test_spanish_portuguese_french_italian_stories_are_filed_by_their_own_keywords(language, title, text, category):
    article = Article(id=1, url="https://x.example/a", title=title, text=text, published=datetime(2022, 5, 1),
                      outlet="X", language=language)
    assert categorize([article], language) == category
