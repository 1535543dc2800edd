"""Real web pages end to end: what the writer makes of the 990 trafilatura eval pages.

The extraction eval set (``../shared/data/extraction/trafilatura_eval/html``) is a real-web corpus:
news, blogs, forums, product pages, in German (most), English, Spanish and a dozen other languages.
This bench runs the whole pipeline on it (``newsdesk run`` into a temporary SQLite store) and counts:

- **sentence splitting** over every stored article text, per-language rules (what the writer uses,
  :func:`newsdesk.text.split_sentences`) against the baseline of English rules for every text, in the
  same run: how many sentences end on a day-of-month ordinal cut from its month ("… am Morgen des 27."
  with "Februar …" as the next sentence), and how many texts split differently;
- **pages**: stories written and failed (with the reasons), stories not in English whose section headings
  are English (the headings are written in the story's language), and published sentences that stop on a
  German ordinal ("… am 27.");
- **story grouping**: the pairs of articles joined in one story against hand labels of every pair
  session 10's engine joined (``bench/story_pair_labels_real_pages.json``), the engine against itself
  without its language rule (same run, same articles);
- **German quotes**: quotes in the German articles with a named speaker, German attribution
  (``„…“, sagte Teamchef Jonas Brandt``) against the baseline of the English rules alone, and the
  speakers and roles of 50 quotes labelled by hand (``bench/quote_labels_de.json``); pull quotes
  on German stories;
- **Spanish, Portuguese, French and Italian quotes**: the same with their attribution (``“…”, dijo el
  fiscal Jason Richman``) against the baseline of the English and German rules, and every quote with a
  named speaker in them labelled by hand (``bench/quote_labels_romance.json``);
- **site names in titles**: titles whose last part names the site ("Batteriespeicher - daheim Solar")
  that the headline cleaner removes with the article's host and outlet, against the outlet-suffix
  pattern alone;
- **categories of Spanish, Portuguese, French and Italian stories**: accuracy on 54 stories labelled by hand
  (``bench/category_labels_romance.json``), their keyword lists against the same baseline;
- **categories of German stories**: accuracy on 54 stories labelled by hand
  (``bench/category_labels_de.json``), German keyword lists against the baseline of the English
  keywords and MiniLM, on the same articles.

    .venv/bin/python bench/bench_real_pages.py

Writes ``bench/results/real_pages.json``.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk import pipeline, text as text_module  # noqa: E402
from newsdesk.settings import Settings  # noqa: E402
from newsdesk.store import Store  # noqa: E402
from newsdesk.write.sections import HEADINGS, NEUTRAL_HEADINGS  # noqa: E402

DATA = ROOT / "../shared/data/extraction/trafilatura_eval/html"



def english_heading(heading: str) -> bool:
    """One of the writer's English headings (a filled-in one starts with its template's fixed words)."""
    return heading in NEUTRAL_HEADINGS or any(heading.startswith(t.split("{")[0]) for t in HEADINGS["en"].values())
RESULTS = ROOT / "bench/results/real_pages.json"
LABELS = ROOT / "bench/category_labels_de.json"
PAIR_LABELS = ROOT / "bench/story_pair_labels_real_pages.json"
QUOTE_LABELS = ROOT / "bench/quote_labels_de.json"
QUOTE_LABELS_ROMANCE = ROOT / "bench/quote_labels_romance.json"
CATEGORY_LABELS_ROMANCE = ROOT / "bench/category_labels_romance.json"

# A day-of-month ordinal at the end of a sentence whose text goes on with a month name.
_MONTHS = ("Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
           "Jan\\.|Feb\\.|Mär\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sep\\.|Sept\\.|Okt\\.|Nov\\.|Dez\\.")
_ORDINAL_END = re.compile(r"\b\d{1,2}\.$")
_MONTH_START = re.compile(rf"^(?:{_MONTHS})\b")
# On a page: a German sentence that stops on "am 27." / "vom 23." (English "on June 12." is a whole date).
_GERMAN_ORDINAL_END = re.compile(r"\b(?:am|vom|zum|des|dem|den|der|bis|ab|seit) \d{1,2}\.$")


def ordinal_cuts(sentences: list[str]) -> int:
    """Sentences ending on "27." whose next sentence starts with a month: a date cut in two."""
    return sum(1 for a, b in zip(sentences, sentences[1:]) if _ORDINAL_END.search(a) and _MONTH_START.match(b))


def english_split(text: str) -> list[str]:
    """The baseline: the same splitter with English rules whatever the language."""
    real = text_module.sentence_language
    text_module.sentence_language = lambda _text: "en"
    text_module._split_cached.cache_clear()
    try:
        return text_module.split_sentences(text)
    finally:
        text_module.sentence_language = real
        text_module._split_cached.cache_clear()


def story_grouping(store: Store, settings: Settings) -> dict:
    """Pairs of eval articles put in one story, against hand labels (``bench/story_pair_labels_real_pages.json``).

    The labels cover every pair session 10's engine joined. The engine as it is runs against the
    baseline of the same engine without its language rule (texts in two languages, or in a language
    MiniLM cannot read with no shared name or wording), in memory on the same stored articles.
    """
    from newsdesk.embed import get_embedder
    from newsdesk.stories import MatchWeights, cluster_articles, embedding_text

    labels = json.loads(PAIR_LABELS.read_text(encoding="utf-8"))["pairs"]
    label_of = {frozenset((p["a"], p["b"])): p["same_event"] for p in labels}
    ids = [i for members in store.story_memberships().values() for i in members]
    arts = store.get_articles(ids)
    url_of = {a.id: a.url for a in arts}
    vectors = get_embedder(settings).embed([embedding_text(a.title, a.text) for a in arts])
    out = {"labelled_pairs": len(labels), "labelled_same_event": sum(p["same_event"] for p in labels)}
    runs = {"engine": MatchWeights(), "baseline_without_language_rule": MatchWeights(other_language=0.0, unread_language=0.0)}
    for name, weights in runs.items():
        groups = cluster_articles(arts, settings, vectors=vectors, weights=weights)
        joined = [frozenset((url_of[a], url_of[b])) for g in groups for i, a in enumerate(g) for b in g[i + 1:]]
        out[name] = {
            "stories_with_two_or_more_articles": sum(1 for g in groups if len(g) > 1),
            "joined_same_event": sum(1 for p in joined if label_of.get(p) is True),
            "joined_different_events": sum(1 for p in joined if label_of.get(p) is False),
            "joined_unlabelled": sum(1 for p in joined if p not in label_of),
        }
    return out


def german_quotes(store: Store) -> dict:
    """Quotes in the German articles and who they are attributed to, against hand labels.

    Counts quotes by attribution kind with the German attribution (``newsdesk.write.attribution_de``)
    and for the baseline of the English rules alone (same quote marks, same run), and checks the
    speakers and roles of the 50 hand-labelled quotes in ``bench/quote_labels_de.json``.
    """
    from newsdesk.write import attribution_de

    return quotes_in(store, {"de"}, attribution_de, QUOTE_LABELS, "german_articles")


def romance_quotes(store: Store) -> dict:
    """The same for Spanish, Portuguese, French and Italian articles (``attribution_romance``), against
    the baseline of the English and German rules, and the hand labels in ``bench/quote_labels_romance.json``."""
    from newsdesk.write import attribution_romance

    return quotes_in(store, {"es", "pt", "fr", "it"}, attribution_romance, QUOTE_LABELS_ROMANCE, "articles")


def quotes_in(store: Store, languages: set[str], module, labels_path: Path, count_key: str) -> dict:
    """Quotes by attribution kind in the articles of ``languages``, with ``module.find_speaker`` and
    without it (the baseline), and the speakers and roles of the hand-labelled quotes."""
    from newsdesk.write import quotes as quotes_module

    rows = json.loads(labels_path.read_text(encoding="utf-8"))["labels"]
    with store.begin() as conn:
        texts = {url: text for url, text, lang in conn.exec_driver_sql("SELECT url, text, language FROM articles")
                 if lang in languages}
    out: dict = {count_key: len(texts)}
    real = module.find_speaker
    baseline = "english_rules_baseline" if module is quotes_module.attribution_de else "english_and_german_rules_baseline"
    for name, finder in ((baseline, lambda _b, _a: (None, None, "none")), ("ours", real)):
        module.find_speaker = finder
        try:
            found = {url: quotes_module.extract_quotes(text) for url, text in texts.items()}
        finally:
            module.find_speaker = real
        kinds = Counter(q.attribution for qs in found.values() for q in qs)
        out[name] = {"quotes": sum(kinds.values()), "named_speaker": sum(kinds[k] for k in quotes_module.NAMED_ATTRIBUTIONS),
                     "by_kind": dict(kinds.most_common())}
    checked = Counter()
    for row in rows:
        matches = [q for q in found.get(row["url"], []) if q.text.startswith(row["quote_start"])]
        q = next((q for q in matches if q.named), matches[0] if matches else None)
        checked["labelled"] += 1
        if q is None or not q.named:
            checked["no_named_speaker_now"] += 1
            continue
        checked["speaker_right"] += q.speaker == row["speaker"]
        checked["role_shown"] += q.role is not None
        checked["role_right"] += q.role is not None and q.role in row["roles"]
        checked["role_wrong"] += q.role not in row["roles"]
    out["hand_labels"] = dict(checked)
    return out


def site_name_suffixes(store: Store) -> dict:
    """Article titles that end in the site's name not written as a name ("Batteriespeicher - daheim
    Solar"): how many keep one with the outlet-suffix pattern alone (the baseline) and how many the
    headline cleaner removes with the article's host and outlet name."""
    from newsdesk.write.headline import clean_headline

    with store.begin() as conn:
        rows = list(conn.exec_driver_sql("SELECT url, title, outlet FROM articles"))
    removed = [title for url, title, outlet in rows if clean_headline(title or "") != clean_headline(title or "", url, outlet)]
    return {"titles": len(rows), "site_name_removed_with_host_and_outlet": len(removed), "examples": removed[:5]}


def german_categories(store: Store) -> dict:
    """Category accuracy on the hand-labelled German stories (``bench/category_labels_de.json``).

    The story's category with the German keyword lists (what the writer files a German story by)
    against the baseline of the English keywords and MiniLM (what it used before), on the same articles.
    """
    return category_accuracy(store, LABELS, "german_keywords")


def romance_categories(store: Store) -> dict:
    """Category accuracy on the hand-labelled Spanish, Portuguese, French and Italian stories
    (``bench/category_labels_romance.json``, one article each): their keyword lists against the baseline
    of the English keywords and MiniLM, on the same articles."""
    return category_accuracy(store, CATEGORY_LABELS_ROMANCE, "romance_keywords")


def category_accuracy(store: Store, labels_path: Path, ours: str) -> dict:
    """Share of the labelled stories in ``labels_path`` (``urls`` or one ``url`` each, and a language)
    that the writer's categoriser for their language files right (``ours``) and that the English
    keywords and MiniLM file right (the baseline)."""
    from newsdesk.write.categorize import categorize

    rows = json.loads(labels_path.read_text(encoding="utf-8"))["labels"]
    right = Counter()
    scored = 0
    for row in rows:
        articles = [a for a in (store.article_by_url(u) for u in row.get("urls") or [row["url"]]) if a is not None]
        if not articles:
            continue
        scored += 1
        right[ours] += categorize(articles, row.get("language", "de")) == row["category"]
        right["english_keywords_and_minilm_baseline"] += categorize(articles) == row["category"]
    return {"labelled_stories": len(rows), "scored": scored,
            **{k: round(v / max(1, scored), 3) for k, v in right.items()}}


def main() -> int:
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (needs ../shared/data/extraction/trafilatura_eval)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp}/pages.db", host_delay=0)
        store = pipeline.open_store(settings)
        start = time.perf_counter()
        report = pipeline.run(store, settings, [DATA])
        seconds = time.perf_counter() - start
        with store.begin() as conn:
            texts = [row[0] for row in conn.exec_driver_sql("SELECT text FROM articles")]
            languages = Counter(row[0] or "?" for row in conn.exec_driver_sql("SELECT language FROM articles"))
        categories = german_categories(store)
        categories_romance = romance_categories(store)
        site_names = site_name_suffixes(store)
        quotes_de = german_quotes(store)
        quotes_romance = romance_quotes(store)
        grouping = story_grouping(store, settings)
        published = []
        headings = Counter()
        for story_id in store.story_memberships():
            doc = store.get_document(story_id)
            if doc is not None:
                if doc.language and doc.language != "en" and doc.sections:
                    has_table = "" if doc.language in HEADINGS else "_no_table"
                    headings["stories_not_in_english" + has_table] += 1
                    headings["with_an_english_heading" + has_table] += any(english_heading(s.heading) for s in doc.sections)
                headings["pull_quotes"] += doc.pull_quote is not None
                headings["pull_quotes_in_german_stories"] += doc.pull_quote is not None and doc.language == "de"
                headings["pull_quotes_in_romance_stories"] += doc.pull_quote is not None and doc.language in {"es", "pt", "fr", "it"}
                published.extend(s.text for section in doc.sections for p in section.paragraphs for s in p.sentences)
                published.extend(s.text for s in doc.summary_sentences)
        store.dispose()

    ours = {"ordinal_cuts": 0, "sentences": 0}
    base = {"ordinal_cuts": 0, "sentences": 0}
    differ = 0
    for text in texts:
        a, b = text_module.split_sentences(text), english_split(text)
        ours["ordinal_cuts"] += ordinal_cuts(a)
        base["ordinal_cuts"] += ordinal_cuts(b)
        ours["sentences"] += len(a)
        base["sentences"] += len(b)
        differ += a != b
    page_cuts = sum(1 for s in published if _GERMAN_ORDINAL_END.search(s.rstrip("“”\"")))
    reasons = Counter(reason.split(": ", 2)[-1] for _story, reason in report.write.failures)
    results = {
        "bench": "real_pages", "data": "../shared/data/extraction/trafilatura_eval/html",
        "seconds": round(seconds, 1), "articles": len(texts), "languages": dict(languages.most_common()),
        "ingest": {"added": report.ingest.added, "failed": report.ingest.failed},
        "write": {"written": report.write.written, "failed": report.write.failed, "reasons": dict(reasons)},
        "splitting": {"per_language_rules": ours, "english_rules_baseline": base, "texts_split_differently": differ},
        "published_sentences": len(published),
        "published_sentences_ending_on_a_german_ordinal": page_cuts,
        "section_headings": {
            "stories_with_sections_in_a_language_with_headings": headings["stories_not_in_english"],
            "of_them_with_an_english_heading": headings["with_an_english_heading"],
            "stories_with_sections_in_other_languages": headings["stories_not_in_english_no_table"],
            "of_them_with_an_english_heading_the_fallback": headings["with_an_english_heading_no_table"],
        },
        "pull_quotes": headings["pull_quotes"],
        "pull_quotes_in_german_stories": headings["pull_quotes_in_german_stories"],
        "pull_quotes_in_spanish_portuguese_french_italian_stories": headings["pull_quotes_in_romance_stories"],
        "german_quotes": quotes_de,
        "spanish_portuguese_french_italian_quotes": quotes_romance,
        "german_category_accuracy": categories,
        "spanish_portuguese_french_italian_category_accuracy": categories_romance,
        "headline_site_names": site_names,
        "story_grouping": grouping,
    }
    print(f"{len(texts)} articles ({', '.join(f'{k} {v}' for k, v in languages.most_common(4))} …) in {seconds:.0f}s")
    print(f"dates cut in two by the splitter: {ours['ordinal_cuts']} with each text's own rules, "
          f"{base['ordinal_cuts']} with English rules (baseline, same run); {differ} texts split differently")
    print(f"stories written {report.write.written}, failed {report.write.failed}: {dict(reasons)}")
    print(f"published sentences {len(published)}, ending on a German ordinal ('… am 27.'): {page_cuts}")
    print(f"stories with sections in German, Spanish, French, Italian, Dutch or Portuguese: "
          f"{headings['stories_not_in_english']}, of them with an English heading: {headings['with_an_english_heading']}; "
          f"in other languages (English headings): {headings['stories_not_in_english_no_table']}; "
          f"pull quotes: {headings['pull_quotes']} ({headings['pull_quotes_in_german_stories']} in German stories)")
    hand = quotes_de["hand_labels"]
    print(f"German quotes: {quotes_de['ours']['quotes']}, with a named speaker {quotes_de['ours']['named_speaker']} "
          f"(English rules alone, baseline: {quotes_de['english_rules_baseline']['named_speaker']}); hand labels: "
          f"speaker right {hand.get('speaker_right', 0)} of {hand['labelled']} "
          f"(no named speaker now: {hand.get('no_named_speaker_now', 0)}), role shown {hand.get('role_shown', 0)}, "
          f"right {hand.get('role_right', 0)}, wrong {hand.get('role_wrong', 0)}")
    hand = quotes_romance["hand_labels"]
    print(f"Spanish, Portuguese, French and Italian quotes: {quotes_romance['ours']['quotes']}, with a named speaker "
          f"{quotes_romance['ours']['named_speaker']} (English and German rules, baseline: "
          f"{quotes_romance['english_and_german_rules_baseline']['named_speaker']}); hand labels: speaker right "
          f"{hand.get('speaker_right', 0)} of {hand['labelled']} (no named speaker now: {hand.get('no_named_speaker_now', 0)}), "
          f"role shown {hand.get('role_shown', 0)}, right {hand.get('role_right', 0)}, wrong {hand.get('role_wrong', 0)}; "
          f"pull quotes in such stories: {headings['pull_quotes_in_romance_stories']}")
    print(f"titles ending in the site's name removed with the article's host and outlet: "
          f"{site_names['site_name_removed_with_host_and_outlet']} of {site_names['titles']} (the outlet-suffix pattern "
          f"alone removes none of them)")
    print(f"German stories' category (hand labels, {categories['scored']} stories): German keywords "
          f"{categories.get('german_keywords', 0):.1%}, English keywords + MiniLM (baseline) "
          f"{categories.get('english_keywords_and_minilm_baseline', 0):.1%}")
    print(f"Spanish, Portuguese, French and Italian stories' category (hand labels, {categories_romance['scored']} "
          f"stories): their keywords {categories_romance.get('romance_keywords', 0):.1%}, English keywords + MiniLM "
          f"(baseline) {categories_romance.get('english_keywords_and_minilm_baseline', 0):.1%}")
    for name in ("engine", "baseline_without_language_rule"):
        g = grouping[name]
        print(f"story grouping, {name}: {g['stories_with_two_or_more_articles']} stories of 2+ articles; joined pairs "
              f"of one event {g['joined_same_event']} of {grouping['labelled_same_event']}, of different events "
              f"{g['joined_different_events']}, unlabelled {g['joined_unlabelled']} (hand labels)")
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
