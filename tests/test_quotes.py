"""Quote extraction and pull-quote choice, driven by tests/fixtures/quotes/*.txt.

Each fixture starts with ``# key: value`` header lines (speaker, role, quote, pull_quote) and
then the article text. An empty value means "none".
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from newsdesk.models import Article
from newsdesk.write import choose_pull_quote
from newsdesk.write.quotes import extract_quotes, split_title

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "quotes").glob("*.txt"))


def _load(path: Path) -> tuple[dict[str, str], str]:
    header: dict[str, str] = {}
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and ":" in line and not body:
            key, _, value = line[2:].partition(":")
            header[key.strip()] = value.strip()
        else:
            body.append(line)
    return header, "\n".join(body).strip()


def test_fixtures_exist():
    assert len(FIXTURES) >= 8


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_quote_fixture(path: Path):
    expected, text = _load(path)
    quotes = extract_quotes(text)
    assert quotes, "no quote found"
    quote = next(q for q in quotes if expected["quote"].rstrip(".,") in q.text)
    assert quote.text.rstrip(",.") .startswith(expected["quote"].rstrip(".,"))
    assert quote.text in text, "quote must be verbatim"
    assert (quote.speaker or "") == expected["speaker"]
    assert (quote.role or "") == expected["role"]

    article = Article(id=1, url="https://example.test/a", title="t", text=text,
                      published=datetime(2026, 1, 6), outlet="Example")
    pull = choose_pull_quote([article])
    if expected["pull_quote"] == "yes":
        assert pull is not None
        assert pull.speaker == expected["speaker"]
        assert pull.text in text
        assert pull.article_url == article.url
    else:
        assert pull is None


def test_two_quotes_in_one_sentence_keep_their_own_text():
    text = '"We will rebuild," said Mayor Ana Ruiz, adding that "nobody will be left behind."'
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == ["We will rebuild,", "nobody will be left behind."]
    assert quotes[0].speaker == "Ana Ruiz"


@pytest.mark.parametrize(
    "phrase, role, name",
    [
        ("German Chancellor Friedrich Merz", "German Chancellor", "Friedrich Merz"),
        ("Friedrich Merz", None, "Friedrich Merz"),
        ("Prime Minister Keir Starmer", "Prime Minister", "Keir Starmer"),
    ],
)
def test_split_title(phrase, role, name):
    assert split_title(phrase) == (role, name)
