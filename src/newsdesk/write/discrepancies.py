"""Where outlets give different numbers for the same thing.

Dates too: two outlets that give different absolute dates ("on March 3" / "on March 4") in
sentences that otherwise share at least half their content words disagree on when it happened.

A *claim* is a number followed (within one modifier word) by a counted noun: "more than 24
countries", "over 30 nations", "1,200 jobs". Nouns are compared by stem, with a few synonym
groups (countries/nations/states, people/persons/individuals, …). When two outlets give values
for the same noun and their value sets do not overlap, that is a :class:`Discrepancy`: the page
shows every claim with its outlet and the prose must not state any of them as fact.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict

from newsdesk.models import Article, Discrepancy, DiscrepancyClaim
from newsdesk.text import STOPWORDS, extract_numbers, split_sentences, stem

logger = logging.getLogger(__name__)

__all__ = ["NumberClaim", "find_claims", "find_discrepancies", "contested_values"]

_SYNONYMS = {
    "nation": "country",
    "state": "country",
    "person": "people",
    "individual": "people",
    "resident": "people",
    "civilian": "people",
    "fatality": "death",
    "dead": "death",
    "casualty": "death",
    "position": "job",
    "post": "job",
    "worker": "employee",
    "staff": "employee",
    "soldier": "troop",
    "dollar": "dollar",
    "usd": "dollar",
}
_CLAIM_RE = re.compile(
    r"(?P<qual>(?:more than|over|about|around|nearly|almost|at least|up to|some|roughly|fewer than|"
    r"less than|approximately)\s+)?"
    r"(?P<num>(?:\$|€|£)?\d[\d,]*(?:\.\d+)?%?(?:\s+(?:million|billion|thousand|hundred|trillion))?|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|hundred|dozens of|hundreds of|thousands of)(?:\s+(?:million|billion|thousand|hundred))?)"
    r"\s+(?:(?P<mod>[a-z][a-z\-]+)\s+)?(?P<noun>[a-z][a-z\-]{2,})\b",
    re.IGNORECASE,
)
_NOT_NOUNS = STOPWORDS | frozenset(
    "percent per cent am pm a.m p.m years months weeks days hours minutes seconds times".split()
) | frozenset(
    "january february march april may june july august september october november december".split()
)
_TIME_UNITS = {"year", "month", "week", "day", "hour", "minute", "second", "time", "percent"}


class NumberClaim:
    """A number an article gives for a counted noun."""

    __slots__ = ("noun", "subject", "value", "phrase", "sentence", "article")

    def __init__(self, noun: str, subject: str, value: str, phrase: str, sentence: str, article: Article):
        self.noun = noun
        self.subject = subject
        self.value = value
        self.phrase = phrase
        self.sentence = sentence
        self.article = article

    def __repr__(self) -> str:
        return f"NumberClaim({self.subject!r}, {self.value!r}, {self.article.outlet!r})"


_MODIFIERS = frozenset(
    "new more other additional local foreign full-time part-time million billion thousand "
    "american british european french german chinese russian ukrainian israeli palestinian "
    "federal public private young old small large major key".split()
)


def _is_modifier(word: str) -> bool:
    """Whether ``word`` reads as an adjective before the counted noun ("1,200 new jobs")."""
    w = word.lower()
    return w in _MODIFIERS or w.endswith(("al", "ive", "ian", "ish", "ese", "ful", "ic", "ary"))


def _noun_key(word: str) -> str:
    s = stem(word.lower())
    return _SYNONYMS.get(s, s)


def find_claims(sentence: str, article: Article) -> list[NumberClaim]:
    """Number–noun claims in one sentence."""
    claims = []
    for m in _CLAIM_RE.finditer(sentence):
        noun = m.group("noun")
        mod = m.group("mod")
        end = m.end("noun")
        if mod and mod.lower() in {"more", "additional", "other", "further", "fewer", "less"}:
            continue  # "four more boys": an increment, not a total
        if re.search(r"(?i)\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s*$", sentence[: m.start("num")]):
            continue  # "Jan. 29 memo" is a date
        if mod and not _is_modifier(mod):
            # The word after the number is itself the counted noun ("24 countries met").
            noun, end = mod, m.end("mod")
        if noun.lower() in _NOT_NOUNS:
            continue
        key = _noun_key(noun)
        if key in _TIME_UNITS:
            continue
        values = extract_numbers(m.group("num"))
        value = values[0] if values else m.group("num").lower()
        num = m.group("num")
        if re.fullmatch(r"(1[89]|20)\d\d", num):  # a year, not a count
            continue
        claims.append(
            NumberClaim(
                noun=key,
                subject=noun.lower(),
                value=value,
                phrase=sentence[m.start() : end].strip(),
                sentence=sentence,
                article=article,
            )
        )
    return claims


def _as_float(value: str) -> float | None:
    try:
        return float(value.rstrip("%"))
    except ValueError:
        return None


def _precision(value: str) -> int:
    """Digits after the point ("1.4" → 1), or minus the trailing zeros ("1200" → -2)."""
    body = value.rstrip("%")
    if "." in body:
        return len(body.split(".")[1])
    digits = body.lstrip("-")
    return -(len(digits) - len(digits.rstrip("0"))) if digits.strip("0") else 0


def _contradict(a: str, b: str) -> bool:
    """Two values for the same thing disagree: different, same order of magnitude, not rounding."""
    if a == b:
        return False
    x, y = _as_float(a), _as_float(b)
    if x is None or y is None or x <= 0 or y <= 0:
        return False
    if max(x, y) / min(x, y) > 2.0:
        return False
    # "$1.37 trillion" vs "$1.4 trillion" (or 1,237 vs 1,200) is rounding, not disagreement.
    if round(x, _precision(b)) == y or round(y, _precision(a)) == x:
        return False
    return True


def find_discrepancies(articles: list[Article]) -> list[Discrepancy]:
    """Discrepancies between outlets about counted things.

    Args:
        articles: the story's articles.

    Returns:
        One :class:`Discrepancy` per noun on which two outlets' numbers do not overlap; each
        claim keeps the outlet, article URL, the phrase ("more than 24 countries") and the
        verbatim sentence.
    """
    by_noun: dict[str, dict[str, list[NumberClaim]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        for sentence in split_sentences(article.text):
            for claim in find_claims(sentence, article):
                by_noun[claim.noun][article.outlet].append(claim)
    discrepancies = []
    for noun, per_outlet in by_noun.items():
        if len(per_outlet) < 2:
            continue
        value_sets = {outlet: {c.value for c in claims} for outlet, claims in per_outlet.items()}
        # An outlet giving several values for one noun is describing several things
        # (expected vs actual jobs); only single-valued outlets can contradict each other.
        single = {o: next(iter(v)) for o, v in value_sets.items() if len(v) == 1}
        outlets = list(single)
        disagree = any(
            _contradict(single[a], single[b]) for i, a in enumerate(outlets) for b in outlets[i + 1 :]
        )
        if not disagree:
            continue
        claims: list[DiscrepancyClaim] = []
        seen = set()
        for outlet in outlets:
            for c in per_outlet[outlet]:
                if (outlet, c.value) in seen:
                    continue
                seen.add((outlet, c.value))
                claims.append(
                    DiscrepancyClaim(
                        outlet=outlet, article_url=c.article.url, value=c.phrase, sentence=c.sentence
                    )
                )
        subject = per_outlet[outlets[0]][0].subject
        discrepancies.append(Discrepancy(subject=subject, claims=claims))
    discrepancies.extend(_date_discrepancies(articles))
    return discrepancies


_DATE_RE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{1,2}(?:, \d{4})?\b"
)
_SAME_EVENT_OVERLAP = 0.5


def _date_discrepancies(articles: list[Article]) -> list[Discrepancy]:
    """Two outlets give different absolute dates in otherwise closely matching sentences."""
    dated: list[tuple[Article, str, str, set[str]]] = []
    for article in articles:
        for sentence in split_sentences(article.text):
            dates = _DATE_RE.findall(sentence)
            if len(dates) == 1:
                rest = {stem(w) for w in re.findall(r"[a-z]{3,}", _DATE_RE.sub(" ", sentence).lower())}
                dated.append((article, sentence, dates[0], rest - STOPWORDS))
    found: list[Discrepancy] = []
    used: set[str] = set()
    for i, (a, sentence_a, date_a, words_a) in enumerate(dated):
        for b, sentence_b, date_b, words_b in dated[i + 1 :]:
            if a.outlet == b.outlet or date_a == date_b or not words_a or not words_b:
                continue
            if sentence_a in used or sentence_b in used:
                continue
            overlap = len(words_a & words_b) / min(len(words_a), len(words_b))
            if overlap < _SAME_EVENT_OVERLAP:
                continue
            used |= {sentence_a, sentence_b}
            found.append(Discrepancy(subject="date", claims=[
                DiscrepancyClaim(outlet=a.outlet, article_url=a.url, value=date_a, sentence=sentence_a),
                DiscrepancyClaim(outlet=b.outlet, article_url=b.url, value=date_b, sentence=sentence_b),
            ]))
    return found


def contested_values(discrepancies: list[Discrepancy]) -> set[str]:
    """The sentences that carry a contested claim (verbatim), to keep out of unattributed prose."""
    return {claim.sentence for d in discrepancies for claim in d.claims}
