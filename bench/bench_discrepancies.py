"""Discrepancy detection: how much it flags on real stories, and how much of that is right.

In one process, on the same stories:

- **real data**: :func:`newsdesk.write.discrepancies.find_discrepancies` over every story of
  ``../shared/data/allsides/neus_val.jsonl`` (3 outlets a story, as ``bench_writer.py`` builds
  them: no real publication dates, so the articles are marked ``published_estimated`` and no
  weekday is resolved) and
  ``stories_dev.jsonl`` (left/center/right outlets, published on the story's date). Counted per
  kind (number, date, name, claim) and dataset.
- **precision**: every flagged item is matched against ``bench/discrepancy_labels.json`` — HAND
  LABELS written by reading both sentences (``correct``: do the outlets really give different
  values for the same thing?). Items not labelled yet are listed as such, never counted as right.
- **baseline**: a naive detector in the same process — two outlets giving different numbers for
  the same counted noun, with none of the filters (rounding, bounds, updates, targets, several
  values per outlet) — to show how much the filters remove. Its flags are counted, not labelled.
- **planted cases**: the fixtures in ``tests/fixtures/discrepancies`` (expected found / missed /
  unexpected) and the demo corpus' gold disagreements (``events.json``).
- **alignment sensitivity**: names and claims come from aligned sentence pairs; the same stories
  are run with looser alignment (overlap, flank, shared stems) than shipped, and what they add is
  matched against the same hand labels — the evidence for the shipped settings.
- **speed**: ms per story, next to splitting the same stories into sentences (the floor).

    .venv/bin/python bench/bench_discrepancies.py

Writes ``bench/results/discrepancies.json``.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.models import Article  # noqa: E402
from newsdesk.text import _split_cached, split_sentences  # noqa: E402
from newsdesk.write import aligned as detector  # noqa: E402
from newsdesk.write.discrepancies import find_claims, find_discrepancies  # noqa: E402

DATA = ROOT / ".." / "shared" / "data" / "allsides"
NEUS = DATA / "neus_val.jsonl"
STORIES = DATA / "stories_dev.jsonl"
LABELS = ROOT / "bench" / "discrepancy_labels.json"
FIXTURES = ROOT / "tests" / "fixtures" / "discrepancies"
RESULTS = ROOT / "bench" / "results" / "discrepancies.json"
KINDS = ("number", "date", "name", "claim")


def neus_stories() -> list[tuple[str, list[Article]]]:
    out = []
    for line in NEUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out.append((f"neus:{row['id']}", [
            Article(id=i, url=f"https://outlet{i}.test/{row['id']}", title=a.get("title") or "", text=a["text"],
                    published=datetime(2020, 1, 1) + timedelta(hours=i), outlet=f"Outlet {chr(65 + i)}",
                    published_estimated=True)  # neus_val has no dates
            for i, a in enumerate(row["articles"])
        ]))
    return out


def dev_stories() -> list[tuple[str, list[Article]]]:
    out = []
    for line in STORIES.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        published = datetime.fromisoformat(row["date"])
        articles = []
        for i, (stance, news) in enumerate(row["news"].items()):
            body = news.get("newBody") or []
            text = "\n\n".join(body) if isinstance(body, list) else str(body)
            if text.strip():
                articles.append(Article(
                    id=i, url=news.get("newsLink") or f"https://{stance}.test/{row['id']}",
                    title=news.get("newsTitle") or "", text=text, published=published,
                    outlet=news.get("newsSource") or stance,
                ))
        out.append((f"dev:{row['id']}", articles))
    return out


def key(story: str, kind: str, values: list[str]) -> str:
    return f"{story}|{kind}|{' / '.join(sorted({' '.join(v.split()) for v in values}))}"


def naive_flags(articles: list[Article]) -> int:
    """Nouns for which two outlets give any different numbers (no filters)."""
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for article in articles:
        for sentence in split_sentences(article.text):
            for claim in find_claims(sentence, article):
                values[claim.noun][article.outlet].add(claim.value)
    return sum(
        1 for per_outlet in values.values()
        if len(per_outlet) >= 2 and len(set().union(*per_outlet.values())) >= 2
    )


def planted_fixtures() -> dict:
    expected = found = missed = unexpected = 0
    for path in sorted(FIXTURES.glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        articles = [
            Article(id=i, url=f"https://example.test/{i}", title=f"Report {i}", text=row["text"], outlet=row["outlet"],
                    published=datetime.fromisoformat(row["published"]) if "published" in row
                    else datetime(2026, 1, 6, 9) + timedelta(hours=i))
            for i, row in enumerate(fixture["articles"])
        ]
        got = find_discrepancies(articles)
        want = [(e.get("kind", "number"), e["values"]) for e in fixture["expected"]]
        expected += len(want)
        matched = 0
        for kind, values in want:
            if any(d.kind == kind and all(any(v in c.value for c in d.claims) for v in values) for d in got):
                matched += 1
        found += matched
        missed += len(want) - matched
        unexpected += max(0, len(got) - matched)
    return {"fixtures": len(list(FIXTURES.glob("*.json"))), "expected": expected, "found": found,
            "missed": missed, "unexpected": unexpected}


def planted_demo() -> dict:
    from newsdesk.demo import load_events, load_rows

    rows = {r["url"]: r for r in load_rows()}
    gold = found = flagged = 0
    for event in load_events().values():
        articles = [
            Article(id=i, url=u, title=rows[u]["title"], text=rows[u]["text"], outlet=rows[u]["outlet"],
                    published=datetime.fromisoformat(rows[u]["published"]))
            for i, u in enumerate(event["urls"])
        ]
        got = find_discrepancies(articles)
        flagged += len(got)
        for field in ("disagreement", "name_disagreement"):
            if field not in event:
                continue
            gold += 1
            values = {c["value"] for c in event[field]["claims"]}
            if any(values <= {c.value for c in d.claims} for d in got):
                found += 1
    return {"gold_disagreements": gold, "found": found, "flagged_total": flagged}


LOOSER = [(0.5, 1, 3), (0.4, 1, 3)]  # (_ALIGN_OVERLAP, _FLANK, _ALIGN_MIN_SHARED); shipped is stricter


def alignment_sensitivity(datasets: dict, labels: dict) -> list[dict]:
    """Names and claims flagged at the shipped and at looser alignment settings, with labels."""
    shipped = (detector._ALIGN_OVERLAP, detector._FLANK, detector._ALIGN_MIN_SHARED)
    rows = []
    try:
        for setting in [shipped, *LOOSER]:
            detector._ALIGN_OVERLAP, detector._FLANK, detector._ALIGN_MIN_SHARED = setting
            items = []
            for stories in datasets.values():
                for story, articles in stories:
                    for d in detector.aligned_discrepancies(articles):
                        k = key(story, d.kind, [c.value for c in d.claims])
                        items.append({"key": k, "correct": labels[k]["correct"] if k in labels else None})
            labelled = [i for i in items if i["correct"] is not None]
            rows.append({
                "overlap": setting[0], "flank": setting[1], "min_shared": setting[2],
                "shipped": setting == shipped, "flagged": len(items), "labelled": len(labelled),
                "correct": sum(i["correct"] for i in labelled), "items": items,
            })
    finally:
        detector._ALIGN_OVERLAP, detector._FLANK, detector._ALIGN_MIN_SHARED = shipped
    return rows


def main() -> int:
    if not NEUS.exists() or not STORIES.exists():
        print(f"skipped: {DATA} absent")
        RESULTS.write_text(json.dumps({"skipped": f"{DATA.name} data absent"}, indent=2) + "\n")
        return 0
    labels = {item["key"]: item for item in json.loads(LABELS.read_text(encoding="utf-8"))["labels"]}
    datasets = {"neus_val": neus_stories(), "stories_dev": dev_stories()}

    counts: dict[str, Counter] = {}
    naive: dict[str, int] = {}
    flagged_items = []
    ours_s = split_s = 0.0
    n_stories = 0
    for name, stories in datasets.items():
        counts[name] = Counter()
        naive[name] = 0
        for story, articles in stories:
            n_stories += 1
            # Both timed from a cold sentence cache (split_sentences memoises per text).
            _split_cached.cache_clear()
            t0 = time.perf_counter()
            for a in articles:
                split_sentences(a.text)
            split_s += time.perf_counter() - t0
            _split_cached.cache_clear()
            t0 = time.perf_counter()
            found = find_discrepancies(articles)
            ours_s += time.perf_counter() - t0
            naive[name] += naive_flags(articles)
            for d in found:
                counts[name][d.kind] += 1
                k = key(story, d.kind, [c.value for c in d.claims])
                label = labels.get(k)
                flagged_items.append({
                    "key": k, "kind": d.kind, "subject": d.subject,
                    "claims": [{"outlet": c.outlet, "value": c.value, "sentence": c.sentence} for c in d.claims],
                    "correct": label["correct"] if label else None,
                    "why": label["why"] if label else "not labelled",
                })

    labelled = [f for f in flagged_items if f["correct"] is not None]
    by_kind = {}
    for kind in KINDS:
        items = [f for f in labelled if f["kind"] == kind]
        by_kind[kind] = {
            "flagged": sum(c[kind] for c in counts.values()),
            "labelled": len(items),
            "correct": sum(f["correct"] for f in items),
            "precision": round(sum(f["correct"] for f in items) / len(items), 3) if items else None,
        }
    total_flagged = len(flagged_items)
    result = {
        "stories": {name: len(stories) for name, stories in datasets.items()},
        "flagged_per_kind": {name: {k: counts[name][k] for k in KINDS} for name in datasets},
        "flagged_total": total_flagged,
        "labelled": len(labelled),
        "precision_labelled": round(sum(f["correct"] for f in labelled) / len(labelled), 3) if labelled else None,
        "per_kind": by_kind,
        "baseline_naive_number_flags": naive,
        "ours_vs_naive_number_flags": round(
            sum(c["number"] for c in counts.values()) / max(1, sum(naive.values())), 3),
        "alignment_sensitivity": alignment_sensitivity(datasets, labels),
        "planted_fixtures": planted_fixtures(),
        "planted_demo": planted_demo(),
        "ms_per_story": round(1000 * ours_s / n_stories, 2),
        "split_sentences_ms_per_story": round(1000 * split_s / n_stories, 2),
        "ours_vs_split_ratio": round(ours_s / split_s, 1) if split_s else None,
        "labels_file": str(LABELS.relative_to(ROOT)),
        "flagged": flagged_items,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "flagged"}, indent=2))
    unlabelled = [f["key"] for f in flagged_items if f["correct"] is None] + [
        i["key"] for row in result["alignment_sensitivity"] for i in row["items"] if i["correct"] is None
    ]
    if unlabelled:
        print("not labelled:", *unlabelled, sep="\n  ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
