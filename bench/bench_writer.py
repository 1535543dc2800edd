"""Offline writer: summary quality, citation validity, quotes, category accuracy, verifier threshold.

All measured in one process, on the same articles and word budget:

- **ROUGE-1/2/L** (rouge-score, stemmed, F1) of our 70-word summary against the editors'
  ``reference_summary`` of ``../shared/data/allsides/neus_val.jsonl``, next to sumy's
  LexRank / TextRank / LSA, a round-robin lead baseline and a greedy oracle. sumy gets a
  tokenizer built on :func:`newsdesk.text.split_sentences` (nltk's punkt data cannot be
  downloaded here). Every system's output is cut to the same 70 words.
- **pages**: sentences a story page shows twice (dek, "In brief", sections), against printing the
  whole summary as "In brief" (the page before session 10), in the same run.
- **citations**: share of published sentences of full ``write_story`` pages whose citations are
  verbatim and pass :func:`newsdesk.verify.verify_sentence` (target 100%).
- **pull quotes**: share verbatim in their source with the speaker the source gives (100%).
- **category accuracy** on ``stories_dev.jsonl``: AllSides topics mapped to our taxonomy.
- **opinion pieces** on ``stories_dev.jsonl``: :func:`newsdesk.write.opinion.is_opinion` (URL and
  title) against AllSides' ``opinionTag`` (OPINION), and the share of published page sentences
  (summary, quick read, sections) taken from OPINION-tagged articles, with the rule and with it
  switched off (the baseline).
- **headlines** on both sets: ROUGE-1 against the editors' neutral titles, with the first source's
  own headline as the baseline, and on ``stories_dev`` how many page headlines come from an
  OPINION-tagged article although a news article's headline was there to choose.
- **lexical support** distribution (the verifier's threshold): reference-summary sentences
  cited to their closest source sentence (faithful paraphrase) vs. the same sentences cited to
  the closest sentence of a *different* story (wrong source).
- **embedding support**: the same comparison with MiniLM cosines (when the embed extra is
  installed), for the verifier's optional semantic check.
- **speed**: ms per story for ``write_story`` and the ratio to the lead baseline.

    .venv/bin/python bench/bench_writer.py [--limit N]

Writes ``bench/results/writer.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.models import Article  # noqa: E402
from newsdesk.page import first_source, in_brief  # noqa: E402
from newsdesk.text import split_sentences, stems, tokenize  # noqa: E402
from newsdesk.verify import (  # noqa: E402
    EMBEDDING_THRESHOLD,
    LEXICAL_THRESHOLD,
    verify_pull_quote,
    verify_sentence,
)
from newsdesk.write import summarize_articles, write_story  # noqa: E402
from newsdesk.write.categorize import categorize  # noqa: E402

DATA = ROOT / ".." / "shared" / "data" / "allsides"
NEUS = DATA / "neus_val.jsonl"
STORIES = DATA / "stories_dev.jsonl"
RESULTS = ROOT / "bench" / "results" / "writer.json"
BUDGET = 70

# AllSides topic → our taxonomy; topics with no clear home are left out of the accuracy.
TOPIC_MAP = {
    "Coronavirus": "Health", "Safety and Sanity During COVID-19": "Health", "Public Health": "Health",
    "COVID-19 Misinformation": "Health", "Healthcare": "Health", "FDA": "Health", "Abortion": "Health",
    "Economy and Jobs": "Business", "Economic Policy": "Business", "Banking and Finance": "Business",
    "Treasury": "Business", "Federal Budget": "Business", "Social Security": "Business",
    "Housing and Homelessness": "Business", "Transportation": "Business", "Energy": "Climate",
    "US House": "Politics", "US Senate": "Politics", "Elections": "Politics", "Donald Trump": "Politics",
    "Joe Biden": "Politics", "Politics": "Politics", "White House": "Politics", "Republican Party": "Politics",
    "Kamala Harris": "Politics", "Voting Rights and Voter Fraud": "Politics", "Campaign Rhetoric": "Politics",
    "Immigration": "Politics", "Domestic Policy": "Politics", "Supreme Court": "Crime & Justice",
    "Middle East": "World", "World": "World", "Foreign Policy": "World", "Israel": "World", "Russia": "World",
    "National Security": "World", "National Defense": "World", "Defense Department": "World",
    "US Military": "World",
    "Violence in America": "Crime & Justice", "Criminal Justice": "Crime & Justice",
    "Justice": "Crime & Justice", "Justice Department": "Crime & Justice", "FBI": "Crime & Justice",
    "Gun Control and Gun Rights": "Crime & Justice", "Sexual Misconduct": "Crime & Justice",
    "George Floyd Protests": "Crime & Justice",
    "Technology": "Technology", "Cybersecurity": "Technology", "Media Industry": "Technology",
    "Climate Change": "Climate", "Sustainability": "Climate", "Disaster": "Climate",
    "Science": "Science", "Sports": "Sports",
    "Culture": "Culture", "Holidays": "Culture", "Religion and Faith": "Culture", "Food": "Culture",
    "Family and Marriage": "Culture",
}


def load_rows(path: Path, limit: int | None) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def neus_articles(row: dict) -> list[Article]:
    return [
        Article(id=i, url=f"https://outlet{i}.test/{row['id']}", title=a.get("title") or "", text=a["text"],
                published=datetime(2020, 1, 1) + timedelta(hours=i), outlet=f"Outlet {chr(65 + i)}",
                published_estimated=True)  # neus_val has no dates
        for i, a in enumerate(row["articles"])
    ]


def first_words(text: str, n: int = BUDGET) -> str:
    return " ".join(text.split()[:n])


# ---------------------------------------------------------------- baselines
class SplitterTokenizer:
    """A sumy tokenizer on our sentence splitter (no nltk data needed)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return tokenize(sentence)


def sumy_summary(kind: str, articles: list[Article]) -> str:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer}[kind]
    text = "\n\n".join(a.text for a in articles)
    document = PlaintextParser(text, SplitterTokenizer()).document
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    picked: list[str] = []
    for count in range(1, len(document.sentences) + 1):
        picked = [str(s) for s in summarizer(document, count)]
        if sum(len(s.split()) for s in picked) >= BUDGET:
            break
    return first_words(" ".join(picked))


def lead_summary(articles: list[Article]) -> str:
    """Round-robin lead: first sentence of each article, then the second of each, …"""
    per_article = [split_sentences(a.text) for a in articles]
    out: list[str] = []
    for i in range(max((len(s) for s in per_article), default=0)):
        for sentences in per_article:
            if i < len(sentences):
                out.append(sentences[i])
        if sum(len(s.split()) for s in out) >= BUDGET:
            break
    return first_words(" ".join(out))


def oracle_summary(articles: list[Article], reference: str, scorer) -> str:
    """Greedy oracle: add the sentence that most raises ROUGE-1+2 against the reference."""
    pool = [s for a in articles for s in split_sentences(a.text)]
    picked: list[str] = []
    best = 0.0
    while pool and sum(len(s.split()) for s in picked) < BUDGET:
        gains = []
        for s in pool:
            r = scorer.score(reference, first_words(" ".join(picked + [s])))
            gains.append((r["rouge1"].fmeasure + r["rouge2"].fmeasure, s))
        value, sentence = max(gains)
        if value <= best:
            break
        best = value
        picked.append(sentence)
        pool.remove(sentence)
    return first_words(" ".join(picked))


def our_summary(articles: list[Article]) -> str:
    """The first 70 words of the page summary (60–90 words); neus_val has no dates to resolve."""
    sentences = summarize_articles(articles, resolve_dates=False)
    return first_words(" ".join(s.text for s in sentences))


# ---------------------------------------------------------------- measures
def rouge_table(rows: list[dict]) -> dict:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    systems = {
        "newsdesk": our_summary,
        "lexrank": lambda a: sumy_summary("lexrank", a),
        "textrank": lambda a: sumy_summary("textrank", a),
        "lsa": lambda a: sumy_summary("lsa", a),
        "lead_round_robin": lead_summary,
    }
    scores: dict[str, dict[str, list[float]]] = {
        name: {"rouge1": [], "rouge2": [], "rougeL": []} for name in [*systems, "oracle"]
    }
    seconds: dict[str, float] = {name: 0.0 for name in systems}
    short: dict[str, int] = {name: 0 for name in systems}
    for row in rows:
        articles = neus_articles(row)
        reference = row["reference_summary"]
        for name, system in systems.items():
            start = time.perf_counter()
            summary = system(articles)
            seconds[name] += time.perf_counter() - start
            short[name] += len(summary.split()) < BUDGET
            r = scorer.score(reference, summary)
            for key in scores[name]:
                scores[name][key].append(r[key].fmeasure)
        r = scorer.score(reference, oracle_summary(articles, reference, scorer))
        for key in scores["oracle"]:
            scores["oracle"][key].append(r[key].fmeasure)
    table = {
        name: {key: round(100 * statistics.mean(values), 2) for key, values in metric.items()}
        for name, metric in scores.items()
    }
    baselines = ["lexrank", "textrank", "lsa", "lead_round_robin"]
    best = max(baselines, key=lambda b: table[b]["rouge1"])
    ours, theirs = scores["newsdesk"]["rouge1"], scores[best]["rouge1"]
    return {
        "stories": len(rows),
        "budget_words": BUDGET,
        "scores": table,
        "best_baseline": best,
        "rouge1_margin_over_best_baseline": round(table["newsdesk"]["rouge1"] - table[best]["rouge1"], 2),
        "bar_rouge1_margin": 3.0,
        # The same margin on the even and the odd stories: how much it moves with the sample.
        "rouge1_margin_on_halves": [
            round(100 * (statistics.mean(ours[k::2]) - statistics.mean(theirs[k::2])), 2) for k in (0, 1)
        ],
        # Outputs under the budget (a shorter output trades recall for precision).
        "outputs_under_budget": short,
        "ms_per_story": {k: round(1000 * v / max(1, len(rows)), 2) for k, v in seconds.items()},
    }


def same(sentences) -> list:
    """Page sentences as the source sentence each states (``newsdesk.page.first_source``; its text when
    it cites none): a person's full name written at the first mention changes the text, not the source."""
    return [first_source(s) or s.text for s in sentences]


def page_checks(rows: list[dict]) -> dict:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    page_rouge1: list[float] = []
    sentences = valid = 0
    quotes = quotes_ok = 0
    dropped = 0
    summary_words: list[int] = []
    quick_words: list[int] = []
    sections: list[int] = []
    shown_twice = shown_twice_whole_summary = with_brief = 0
    start = time.perf_counter()
    docs = []
    for row in rows:
        articles = neus_articles(row)
        doc = write_story(row["id"], articles)
        docs.append((doc, articles))
    write_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for row in rows:
        lead_summary(neus_articles(row))
    lead_seconds = time.perf_counter() - start
    for (doc, articles), row in zip(docs, rows):
        # The published (verified) summary, not just summarize_articles' picks.
        page_rouge1.append(scorer.score(row["reference_summary"], first_words(doc.summary))["rouge1"].fmeasure)
        by_url = {a.url: a for a in articles}
        published = list(doc.summary_sentences) + list(doc.quick_read.sentences)
        published += [s for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
        for s in published:
            sentences += 1
            verbatim = all(
                c.article_url in by_url and c.sentence in split_sentences(by_url[c.article_url].text)
                for c in s.sources
            )
            valid += bool(s.sources) and verbatim and verify_sentence(s, articles).ok
        if doc.pull_quote:
            quotes += 1
            quotes_ok += verify_pull_quote(doc, articles).ok
        dropped += len(doc.dropped)
        summary_words.append(len(doc.summary.split()))
        quick_words.append(len(doc.quick_read.text.split()))
        sections.append(len(doc.sections))
        # What the story page prints: the dek, "In brief" (newsdesk.page) and the sections; the
        # baseline prints the whole summary as "In brief", as the page did before session 10.
        body = same(s for sec in doc.sections for p in sec.paragraphs for s in p.sentences)
        brief = same(in_brief(doc))
        dek = same(doc.summary_sentences[:1]) or [doc.dek]
        with_brief += bool(brief)
        shown_twice += len(brief) + len(body) + 1 - len({*dek, *brief, *body})
        whole = same(doc.summary_sentences)
        shown_twice_whole_summary += len(whole) + len(body) + 1 - len({*dek, *whole, *body})
    return {
        "stories": len(docs),
        "published_sentences": sentences,
        "valid_citation_share": round(valid / max(1, sentences), 4),
        "pull_quotes": quotes,
        "pull_quotes_verbatim_correct_speaker_share": round(quotes_ok / max(1, quotes), 4),
        "dropped_by_verifier_per_story": round(dropped / max(1, len(docs)), 2),
        "page_summary_rouge1": round(100 * statistics.mean(page_rouge1), 2),
        "summary_words_median": statistics.median(summary_words),
        "summary_in_60_90_share": round(sum(60 <= w <= 90 for w in summary_words) / len(docs), 3),
        "quick_read_words_median": statistics.median(quick_words),
        "quick_read_in_120_250_share": round(sum(120 <= w <= 250 for w in quick_words) / len(docs), 3),
        "sections_min_max": [min(sections), max(sections)],
        "page_sentences_shown_twice": shown_twice,
        "baseline_whole_summary_as_in_brief_shown_twice": shown_twice_whole_summary,
        "pages_with_in_brief": with_brief,
        "write_story_ms_per_story": round(1000 * write_seconds / len(docs), 2),
        "lead_baseline_ms_per_story": round(1000 * lead_seconds / len(docs), 2),
        "write_story_vs_lead_ratio": round(write_seconds / max(lead_seconds, 1e-9), 1),
    }


def stories_dev_articles(i: int, row: dict) -> list[tuple[Article, str, bool]]:
    """A stories_dev row's articles, each with AllSides' ``opinionTag`` ("NEWS" when untagged) and
    whether it has a body (one without is its title as text)."""
    out = []
    for j, item in enumerate(row["news"].values()):
        body = item.get("newBody") or []
        text = "\n".join(body) if isinstance(body, list) else str(body)
        out.append((Article(id=j, url=item.get("newsLink") or f"https://s{i}.test/{j}", title=item.get("newsTitle") or "",
                            text=text or item.get("newsTitle") or "",
                            published=datetime(2021, 1, 1) + timedelta(hours=j), outlet=item.get("newsSource") or f"o{j}"),
                    item.get("opinionTag") or "NEWS", bool(text)))
    return out


def opinion_pieces(limit: int | None) -> dict:
    """Opinion detection against AllSides' tags, and how much page text comes from tagged opinion."""
    from newsdesk.write import opinion as opinion_module
    import newsdesk.write as write_module

    rows = load_rows(STORIES, limit)
    stories = []
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for i, row in enumerate(rows):
        articles, tags = [], {}
        for article, tag, _has_body in stories_dev_articles(i, row):
            gold, predicted = tag == "OPINION", opinion_module.is_opinion(article)
            counts[("t" if gold == predicted else "f") + ("p" if predicted else "n")] += 1
            articles.append(article)
            tags[article.url] = tag
        stories.append((row["id"], articles, tags))

    def page_share(rule_on: bool) -> dict:
        real = write_module.is_opinion
        write_module.is_opinion = real if rule_on else (lambda article: False)
        try:
            shown = tagged = 0
            for story_id, articles, tags in stories:
                try:
                    doc = write_story(str(story_id), articles)
                except Exception:  # noqa: BLE001 - a story with no usable sentence
                    continue
                parts = [doc.summary_sentences, doc.quick_read.sentences,
                         [s for sec in doc.sections for p in sec.paragraphs for s in p.sentences]]
                for s in (s for part in parts for s in part):
                    shown += 1
                    tagged += tags.get(s.sources[0].article_url) == "OPINION"
        finally:
            write_module.is_opinion = real
        return {"page_sentences": shown, "from_opinion_tagged": tagged, "share": round(tagged / max(1, shown), 4)}

    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    return {
        "articles": sum(counts.values()), "opinion_tagged": tp + fn, **counts,
        "precision": round(tp / max(1, tp + fp), 3), "recall": round(tp / max(1, tp + fn), 3),
        "pages_with_rule": page_share(True), "pages_rule_off": page_share(False),
    }


def headline_checks(limit: int | None) -> dict:
    """Headlines against the editors' neutral titles (ROUGE-1, stemmed), with the first source's own
    headline as the baseline in the same run; on stories_dev also how often the page headline is an
    OPINION-tagged article's although a news article's was there to choose. And how often the dek
    shares at most one content word with the headline (it tells something else), the shipped dek (the
    summary pick that tells what the headline tells) against the baseline of the best-scored plain pick."""
    from rouge_score import rouge_scorer

    from newsdesk import write as write_module
    from newsdesk.text import stems

    from newsdesk.write.headline import choose_headline, clean_headline
    from newsdesk.write.opinion import is_opinion

    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    sets = {}
    for name, path in (("stories_dev", STORIES), ("neus_val", NEUS)):
        if not path.exists():
            continue
        ours = first = 0.0
        n = opinion_headlines = apart = apart_baseline = 0
        for i, row in enumerate(load_rows(path, limit)):
            if name == "neus_val":
                articles, tagged, reference = neus_articles(row), set(), row["reference_title"]
            else:
                items = [(a, tag) for a, tag, has_body in stories_dev_articles(i, row) if has_body]
                articles, reference = [a for a, _ in items], row["issue"]
                tagged = {a.title for a, tag in items if tag == "OPINION"}
            if not articles:
                continue
            news = [a for a in articles if not is_opinion(a)] or articles  # as write_story does
            headline = choose_headline(news)
            ours += scorer.score(reference, headline)["rouge1"].fmeasure
            first += scorer.score(reference, clean_headline(articles[0].title))["rouge1"].fmeasure
            n += 1
            writer = write_module._Writer(articles)
            told = stems(headline)
            for picks, counter in ((write_module._summary_picks(writer, 90, 60, headline), "ours"),
                                   (write_module._summary_picks(writer, 90, 60), "baseline")):
                if picks and len(told & stems(picks[0].text)) <= 1:
                    apart += counter == "ours"
                    apart_baseline += counter == "baseline"
            from_opinion = any(headline.lower()[:25] in t.lower() for t in tagged)
            opinion_headlines += from_opinion and any(a.title not in tagged for a in articles)
        sets[name] = {"stories": n, "rouge1": round(100 * ours / max(1, n), 2),
                      "first_source_headline_rouge1": round(100 * first / max(1, n), 2),
                      "dek_shares_at_most_one_headline_word": apart,
                      "baseline_best_scored_dek_shares_at_most_one_headline_word": apart_baseline}
        if name == "stories_dev":
            sets[name]["from_opinion_tagged_when_news_existed"] = opinion_headlines
    return sets


def category_accuracy(limit: int | None) -> dict:
    import importlib

    # The same categoriser with its embedding half switched off: the keyword baseline.
    categorize_module = importlib.import_module("newsdesk.write.categorize")
    with_model = categorize_module._category_embedding

    def keywords_only(articles: list[Article]) -> str:
        categorize_module._category_embedding = lambda: None
        try:
            return categorize(articles)
        finally:
            categorize_module._category_embedding = with_model

    rows = load_rows(STORIES, limit)
    total = correct = correct_keywords = skipped = 0
    confusion: dict[str, dict[str, int]] = {}
    for i, row in enumerate(rows):
        gold = TOPIC_MAP.get(row["topic"])
        if gold is None:
            skipped += 1
            continue
        articles = []
        for j, item in enumerate(row["news"].values()):
            body = item.get("newBody") or []
            text = "\n".join(body) if isinstance(body, list) else str(body)
            articles.append(Article(id=j, url=f"https://s{i}.test/{j}", title=item.get("newsTitle") or "",
                                    text=text or item.get("newsTitle") or "", published=datetime(2021, 1, 1),
                                    outlet=item.get("newsSource") or f"o{j}"))
        predicted = categorize(articles)
        total += 1
        correct += predicted == gold
        correct_keywords += keywords_only(articles) == gold
        confusion.setdefault(gold, {}).setdefault(predicted, 0)
        confusion[gold][predicted] += 1
    majority = max((sum(v.values()), k) for k, v in confusion.items())
    return {
        "stories_scored": total,
        "stories_with_unmapped_topic": skipped,
        "accuracy": round(correct / max(1, total), 3),
        "keywords_only_accuracy": round(correct_keywords / max(1, total), 3),
        "majority_class_baseline": round(majority[0] / max(1, total), 3),
        "majority_class": majority[1],
        "confusion": confusion,
    }


def support(sentence: str, cited: str) -> float:
    ours = stems(sentence)
    return len(ours & stems(cited)) / len(ours) if ours else 1.0


def lexical_threshold(rows: list[dict]) -> dict:
    """Support of reference sentences cited to their best source sentence vs. a wrong story's."""
    right: list[float] = []
    wrong: list[float] = []
    pools = [[s for a in row["articles"] for s in split_sentences(a["text"])] for row in rows]
    for i, row in enumerate(rows):
        other = pools[(i + 1) % len(pools)]
        for sentence in split_sentences(row["reference_summary"]):
            if pools[i]:
                right.append(max(support(sentence, s) for s in pools[i]))
            if other:
                wrong.append(max(support(sentence, s) for s in other))

    def pct(values: list[float], q: float) -> float:
        values = sorted(values)
        return round(values[min(len(values) - 1, int(q * len(values)))], 3)

    grid = [round(0.3 + 0.05 * k, 2) for k in range(11)]
    sweep = {
        str(t): {
            "faithful_kept": round(sum(v >= t for v in right) / len(right), 3),
            "wrong_source_caught": round(sum(v < t for v in wrong) / len(wrong), 3),
        }
        for t in grid
    }
    return {
        "faithful_paraphrase": {"n": len(right), "median": pct(right, 0.5), "p10": pct(right, 0.1)},
        "wrong_source": {"n": len(wrong), "median": pct(wrong, 0.5), "p95": pct(wrong, 0.95)},
        "sweep": sweep,
        "threshold_in_use": LEXICAL_THRESHOLD,
        "note": "abstractive reference sentences cited to one best source sentence: a lower bound on "
                "how faithful paraphrases score; extractive/compressed sentences score 1.0",
    }


def embedding_threshold(rows: list[dict]) -> dict | str:
    """Cosine of reference sentences with their closest source sentence vs. a wrong story's."""
    from newsdesk.embed import OnnxMiniLMEmbedder, onnx_available

    if not onnx_available():
        return "skipped: the embed extra (MiniLM ONNX) is not installed"
    embedder = OnnxMiniLMEmbedder()
    pools = [[s for a in row["articles"] for s in split_sentences(a["text"])] for row in rows]
    pool_vectors = [embedder.embed(p) if p else None for p in pools]
    right: list[float] = []
    wrong: list[float] = []
    for i, row in enumerate(rows):
        sentences = split_sentences(row["reference_summary"])
        if not sentences:
            continue
        vectors = embedder.embed(sentences)
        other = pool_vectors[(i + 1) % len(rows)]
        if pool_vectors[i] is not None:
            right += (vectors @ pool_vectors[i].T).max(axis=1).tolist()
        if other is not None:
            wrong += (vectors @ other.T).max(axis=1).tolist()
    right.sort()
    wrong.sort()
    grid = [round(0.3 + 0.05 * k, 2) for k in range(9)]
    return {
        "embedder": embedder.name if hasattr(embedder, "name") else type(embedder).__name__,
        "faithful_paraphrase": {"n": len(right), "median": round(right[len(right) // 2], 3),
                                "p10": round(right[len(right) // 10], 3)},
        "wrong_source": {"n": len(wrong), "median": round(wrong[len(wrong) // 2], 3),
                         "p95": round(wrong[int(0.95 * len(wrong))], 3)},
        "sweep": {
            str(t): {"faithful_kept": round(sum(v >= t for v in right) / len(right), 3),
                     "wrong_source_caught": round(sum(v < t for v in wrong) / len(wrong), 3)}
            for t in grid
        },
        "threshold_in_use": EMBEDDING_THRESHOLD,
    }


RESTATEMENT_LABELS = ROOT / "bench" / "restatement_labels.json"
RESTATEMENT_LABELS_LEAD = ROOT / "bench" / "restatement_labels_lead.json"


def _labelled_story_articles(story: str, neus: dict[str, dict], dev: list[dict]) -> list[Article]:
    """The articles of a story named as in ``restatement_labels.json`` (val-NNNN: ``neus`` by id,
    dev-<row>: ``dev`` by row)."""
    if story.startswith("val-"):
        return neus_articles(neus[story])
    i = int(story.split("-")[1])
    return [a for a, _, has_body in stories_dev_articles(i, dev[i]) if has_body]


def restatement_checks(limit: int | None) -> dict | str:
    """Facts told twice in other words (``_Writer.restates``, MiniLM cosine ≥ PARAPHRASE_COSINE, or
    ≥ LEAD_PARAPHRASE_COSINE against the page's lead).

    - on the hand labels (``bench/restatement_labels.json``): per cosine band, the pairs and how many
      restate; at the shipped threshold, the pairs flagged and the share of them that restate;
    - on the labels under 0.7 (``bench/restatement_labels_lead.json``): pairs with the lead (the
      Quick Read's first sentence) at or above the lead threshold and how many restate, for the pairs
      drawn by band (the threshold was read off them) and for the held-out draw; pairs without the lead;
    - on the pages of both sets, the rules on and off (the baseline, same run): Quick Read sentence pairs
      from different articles at or above the threshold (the lead's with the lead threshold), and the
      Quick Read's median length.
    """
    from newsdesk import write as write_module
    from newsdesk.embed import bundled_minilm
    from newsdesk.write.redundancy import LEAD_PARAPHRASE_COSINE, PARAPHRASE_COSINE

    model = bundled_minilm()
    if model is None:
        return "skipped: the bundled MiniLM is not installed"
    labels = json.loads(RESTATEMENT_LABELS.read_text(encoding="utf-8"))["labels"]
    neus = {row["id"]: row for row in load_rows(NEUS, None)}
    dev = load_rows(STORIES, None)

    def cosine(label: dict) -> float:
        writer = write_module._Writer(_labelled_story_articles(label["story"], neus, dev))
        found = [next(writer.compressed[s.key] for s in writer.pool.sentences if s.text.startswith(label[k]))
                 for k in ("a_start", "b_start")]
        va, vb = model.embed(found)
        return float(va @ vb)

    scored = [(cosine(label), label["restates"]) for label in labels]
    bands = {}
    for lo, hi in ((0.65, 0.7), (0.7, 0.75), (0.75, 0.8), (0.8, 0.85), (0.85, 1.01)):
        inside = [r for c, r in scored if lo <= c < hi]
        bands[f"{lo}-{min(hi, 1.0)}"] = {"pairs": len(inside), "restate": sum(inside)}
    flagged = [r for c, r in scored if c >= PARAPHRASE_COSINE]
    on_labels = {"pairs": len(scored), "restate": sum(r for _, r in scored), "bands": bands,
                 "threshold": PARAPHRASE_COSINE, "flagged": len(flagged), "flagged_restate": sum(flagged),
                 "below_threshold_restate": sum(r for c, r in scored if c < PARAPHRASE_COSINE),
                 "below_threshold": sum(1 for c, _ in scored if c < PARAPHRASE_COSINE)}
    lead_labels = {}
    for label in json.loads(RESTATEMENT_LABELS_LEAD.read_text(encoding="utf-8"))["labels"]:
        part = lead_labels.setdefault(f"{label['set']}{'' if label['with_lead'] else '_without_lead'}",
                                      {"pairs": 0, "restate": 0, "flagged": 0, "flagged_restate": 0})
        c = cosine(label)
        flagged = c >= (LEAD_PARAPHRASE_COSINE if label["with_lead"] else PARAPHRASE_COSINE)
        part["pairs"] += 1
        part["restate"] += label["restates"]
        part["flagged"] += flagged
        part["flagged_restate"] += flagged and label["restates"]
    on_labels["lead_threshold"] = LEAD_PARAPHRASE_COSINE
    on_labels["under_0.7"] = lead_labels
    stories = [(row["id"], neus_articles(row)) for row in load_rows(NEUS, limit)]
    if STORIES.exists():
        for i, row in enumerate(load_rows(STORIES, limit)):
            articles = [a for a, _, has_body in stories_dev_articles(i, row) if has_body]
            if articles:
                stories.append((f"dev-{i}", articles))
    pages = {}
    for name, (threshold, lead_threshold) in (("rule_on", (PARAPHRASE_COSINE, LEAD_PARAPHRASE_COSINE)),
                                              ("rule_off_baseline", (2.0, 2.0))):
        write_module.PARAPHRASE_COSINE, write_module.LEAD_PARAPHRASE_COSINE = threshold, lead_threshold
        pairs, words, written = 0, [], 0
        try:
            for story_id, articles in stories:
                try:
                    doc = write_story(story_id, articles)
                except Exception:  # noqa: BLE001 - a story the writer refuses is counted out, in both runs
                    continue
                written += 1
                sentences = doc.quick_read.sentences
                words.append(len(doc.quick_read.text.split()))
                if len(sentences) < 2:
                    continue
                vectors = model.embed([c.text for c in sentences])
                for i in range(len(sentences)):
                    for j in range(i + 1, len(sentences)):
                        different = sentences[i].sources[0].article_url != sentences[j].sources[0].article_url
                        at = LEAD_PARAPHRASE_COSINE if i == 0 else PARAPHRASE_COSINE  # the first is the dek's
                        pairs += different and float(vectors[i] @ vectors[j]) >= at
        finally:
            write_module.PARAPHRASE_COSINE, write_module.LEAD_PARAPHRASE_COSINE = PARAPHRASE_COSINE, LEAD_PARAPHRASE_COSINE
        pages[name] = {"stories": written, "quick_read_pairs_at_threshold": pairs,
                       "quick_read_words_median": statistics.median(words) if words else 0}
    return {"labels": on_labels, "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N stories")
    args = parser.parse_args()
    if not NEUS.exists():
        print(f"skipped: {NEUS} not present")
        return
    rows = load_rows(NEUS, args.limit)
    result = {
        "dataset": "allsides/neus_val.jsonl",
        "rouge": rouge_table(rows),
        "pages": page_checks(rows),
        "category": category_accuracy(None) if STORIES.exists() else "skipped: stories_dev.jsonl absent",
        "opinion": opinion_pieces(None) if STORIES.exists() else "skipped: stories_dev.jsonl absent",
        "headlines": headline_checks(args.limit),
        "lexical_support": lexical_threshold(rows),
        "embedding_support": embedding_threshold(rows),
        "restatements": restatement_checks(args.limit),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    rouge = result["rouge"]
    print(f"ROUGE (F1 x100, {rouge['stories']} stories, {BUDGET} words):")
    for name, s in rouge["scores"].items():
        ratio = s["rouge1"] / max(rouge["scores"][rouge["best_baseline"]]["rouge1"], 1e-9)
        print(f"  {name:18s} R1 {s['rouge1']:6.2f}  R2 {s['rouge2']:6.2f}  RL {s['rougeL']:6.2f}  "
              f"(R1 ratio vs best baseline {ratio:.3f})")
    print(f"  margin over best baseline ({rouge['best_baseline']}): {rouge['rouge1_margin_over_best_baseline']:+.2f} R1")
    print(f"  margin on even/odd stories: {rouge['rouge1_margin_on_halves']}; outputs under {BUDGET} words: "
          f"{rouge['outputs_under_budget']}")
    pages = result["pages"]
    print(f"citations valid: {pages['valid_citation_share']:.2%} of {pages['published_sentences']} sentences; "
          f"pull quotes ok: {pages['pull_quotes_verbatim_correct_speaker_share']:.2%} of {pages['pull_quotes']}")
    print(f"published (verified) page summary R1 {pages['page_summary_rouge1']}")
    print(f"sentences a story page shows twice: {pages['page_sentences_shown_twice']} (with the whole summary as "
          f"'In brief': {pages['baseline_whole_summary_as_in_brief_shown_twice']}); pages with 'In brief': "
          f"{pages['pages_with_in_brief']} of {pages['stories']}")
    print(f"write_story {pages['write_story_ms_per_story']} ms/story = {pages['write_story_vs_lead_ratio']}x lead baseline")
    if isinstance(result["category"], dict):
        c = result["category"]
        print(f"category accuracy {c['accuracy']:.1%} (keywords only {c['keywords_only_accuracy']:.1%}) on {c['stories_scored']} stories "
              f"(majority baseline {c['majority_class_baseline']:.1%})")
    if isinstance(result["opinion"], dict):
        o = result["opinion"]
        print(f"opinion pieces by URL/title vs AllSides OPINION tags: precision {o['precision']:.1%}, recall "
              f"{o['recall']:.1%} ({o['tp']} of {o['opinion_tagged']}, {o['fp']} false); page sentences from tagged "
              f"opinion {o['pages_with_rule']['share']:.1%} (rule off: {o['pages_rule_off']['share']:.1%})")
    for name, h in result["headlines"].items():
        extra = (f"; from an OPINION-tagged article though a news one existed: {h['from_opinion_tagged_when_news_existed']}"
                 if "from_opinion_tagged_when_news_existed" in h else "")
        print(f"headline vs editors' title ({name}, {h['stories']}): R1 {h['rouge1']} "
              f"(first source's headline {h['first_source_headline_rouge1']}){extra}; deks sharing at most one "
              f"word with the headline {h['dek_shares_at_most_one_headline_word']} (best-scored dek, baseline: "
              f"{h['baseline_best_scored_dek_shares_at_most_one_headline_word']})")
    lex = result["lexical_support"]
    print(f"lexical support: faithful median {lex['faithful_paraphrase']['median']}, "
          f"wrong-source p95 {lex['wrong_source']['p95']}")
    emb = result["embedding_support"]
    if isinstance(emb, dict):
        print(f"embedding support: faithful median {emb['faithful_paraphrase']['median']}, "
              f"wrong-source p95 {emb['wrong_source']['p95']}")
    rest = result["restatements"]
    if isinstance(rest, dict):
        lab, on, off = rest["labels"], rest["pages"]["rule_on"], rest["pages"]["rule_off_baseline"]
        print(f"restatements in other words: of {lab['pairs']} hand-labelled pairs, {lab['flagged']} at MiniLM cosine "
              f">= {lab['threshold']}, {lab['flagged_restate']} of them restate; under it {lab['below_threshold_restate']} "
              f"of {lab['below_threshold']}; Quick Read pairs at the threshold {on['quick_read_pairs_at_threshold']} "
              f"(rule off: {off['quick_read_pairs_at_threshold']}), median words {on['quick_read_words_median']} "
              f"(rule off: {off['quick_read_words_median']}), {on['stories']} stories")
        for part, n in lab["under_0.7"].items():
            print(f"  under 0.7, {part}: {n['pairs']} pairs, {n['restate']} restate; flagged {n['flagged']} "
                  f"(with the lead at >= {lab['lead_threshold']}), {n['flagged_restate']} of them restate")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
