"""Prompt-injection fixtures through the OFFLINE writer + verifier: nothing hostile reaches a page.

The same fixtures drive the LLM tests (tests/test_llm.py); here no model is involved, which
proves the verifier itself refuses instruction-like or markup sentences that a source carries
verbatim, whoever picked them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.models import Article
from newsdesk.verify import verify_document
from newsdesk.write import write_story

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted((FIXTURES / "injection").glob("*.json"))


def _story() -> list[Article]:
    data = json.loads((FIXTURES / "llm" / "story.json").read_text())
    rows = data["articles"] if isinstance(data, dict) else data
    return [Article(id=i, **row) for i, row in enumerate(rows, start=1)]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_offline_pages_never_carry_injected_text(case):
    spec = json.loads(case.read_text())
    articles = _story()
    articles.append(Article(id=len(articles) + 1, **spec["article"]))
    doc = verify_document(write_story("s-injection", articles), articles)
    public = doc.model_dump(mode="json", exclude={"sources", "dropped"})
    blob = json.dumps(public, ensure_ascii=False).lower()
    # citations keep the verbatim source sentence; the published text must not carry the payload
    sentences = [s for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
    sentences += list(doc.summary_sentences) + list(doc.quick_read.sentences)
    for forbidden in spec["forbidden"]:
        f = forbidden.lower()
        assert f not in doc.headline.lower() and f not in doc.dek.lower()
        assert f not in doc.quick_read.text.lower() and f not in doc.summary.lower()
        assert all(f not in s.text.lower() for s in sentences), (case.stem, forbidden)
        for s in sentences:
            for c in s.sources:
                assert f not in c.sentence.lower(), "an injected sentence was cited as support"
        if doc.pull_quote:
            assert f not in doc.pull_quote.text.lower()
        if doc.image:
            assert f not in doc.image.alt.lower()
    assert "<script" not in blob and "javascript:" not in blob
