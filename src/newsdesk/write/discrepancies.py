"""Where outlets give different numbers, dates, names or claims for the same thing.

Dates: two outlets date the same event differently ("on March 3" / "on March 4", or "on
Monday" / "on Friday" once weekdays are resolved against each article's publication date) in
sentences that otherwise share most of their content words and the word next to the date.
Names and claims (opposite statements) come from aligned sentence pairs, see
:mod:`newsdesk.write.aligned`.

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
from datetime import timedelta

from newsdesk.models import Article, Discrepancy, DiscrepancyClaim
from newsdesk.text import STOPWORDS, extract_numbers, split_sentences, stem
from newsdesk.write.aligned import aligned_discrepancies
from newsdesk.write.dates import MONTHS, WEEKDAYS, resolve_relative_dates

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

    __slots__ = ("noun", "subject", "value", "phrase", "sentence", "article", "toll")

    def __init__(self, noun: str, subject: str, value: str, phrase: str, sentence: str, article: Article):
        self.noun = noun
        self.subject = subject
        self.value = value
        self.phrase = phrase
        self.sentence = sentence
        self.article = article
        self.toll = _toll(noun, phrase, sentence)

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
    for m in _DEATH_TOLL_RE.finditer(sentence):
        # "the death toll Saturday climbing to at least 19,882": a count of the dead with no noun after it
        values = extract_numbers(m.group("num"))
        if not values:
            continue
        claims.append(NumberClaim(noun="people", subject="dead", value=values[0],
                                  phrase=sentence[m.start("qual") if m.group("qual") else m.start("num") : m.end("num")],
                                  sentence=sentence, article=article))
    return claims


# "the death toll rose to 31", "death toll Saturday climbing to at least 19,882": the figure the toll
# reaches, when no counted noun follows it (then _CLAIM_RE reads it: "a death toll of 31 people").
_DEATH_TOLL_RE = re.compile(
    r"(?i)\bdeath toll\b[^.;:\d]{0,40}?\b(?:to|at|of|reached|hit|passed|surpassed|topped|exceeded|is|was|stands at|stood at)\s+"
    r"(?P<qual>(?:more than|over|about|around|nearly|almost|at least|some|roughly)\s+)?"
    r"(?P<num>\d[\d,]*(?:\.\d+)?(?:\s+(?:million|thousand))?)(?![\d%]|\s*(?:percent\b|[a-z]))"
)
_TOLL_NOUNS = frozenset({"people", "death", "children", "victim", "troop"})
# A count in one day is not the total: "2,108 people died in the U.S. in the past 24 hours".
_PER_DAY = re.compile(r"(?i)^[^;]{0,60}?\b(?:in (?:the )?(?:past|last) 24 hours|in a single day|a day\b|per day|each day|daily)")
_TOLL_KINDS = [
    ("dead", re.compile(r"(?i)\b(?:kill\w*|died|dead|deaths?|die|fatal\w*|lives)\b")),
    ("injured", re.compile(r"(?i)\b(?:injur\w*|wound\w*|hurt|hospitali[sz]ed)\b")),
    ("shot", re.compile(r"(?i)\bshot\b|\bshooting\b")),
]
_WITH_PERPETRATOR = re.compile(r"(?i)\bincluding the (?:shooter|gunman|attacker|assailant|bomber|suspect|perpetrator)\b")


def _toll(noun: str, phrase: str, sentence: str) -> str | None:
    """What a count of people counts: ``dead``, ``injured``, ``shot``, ``dead+perpetrator``.

    "shot three people" and "two people died" count different things; so do "three people
    killed" and "four dead, including the assailant". Read in the words around the phrase.
    """
    if noun not in _TOLL_NOUNS:
        return None
    at = max(sentence.find(phrase), 0)
    end = at + len(phrase)

    def distance(m: re.Match[str]) -> int:
        return at - m.end() if m.end() <= at else max(0, m.start() - end)

    # The nearest casualty word decides: "shot three people …, killing two" counts the shot.
    near = [(distance(m), name) for name, pattern in _TOLL_KINDS for m in pattern.finditer(sentence)]
    kind = min(near)[1] if near and min(near)[0] <= 60 else ""
    if _PER_DAY.search(sentence[end:]):
        kind += "/day"
    return kind + ("+perpetrator" if _WITH_PERPETRATOR.search(sentence) else "")


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


_UPDATE_WINDOW = timedelta(hours=24)
_TARGET = re.compile(r"(?i)\b(?:goal|target|required|requires|needs?|needed)\b")
_LOWER_BOUND = re.compile(r"(?i)^(?:more than|over|at least)\b")
_UPPER_BOUND = re.compile(r"(?i)^(?:fewer than|less than|up to|nearly|almost)\b")


def _bound(phrase: str) -> str:
    """``">"`` for "more than 40 states", ``"<"`` for "nearly 40 states", ``"="`` otherwise."""
    return ">" if _LOWER_BOUND.match(phrase) else "<" if _UPPER_BOUND.match(phrase) else "="


def _within(a: str, bound_a: str, b: str, bound_b: str) -> bool:
    """One outlet's bound covers the other's exact figure: "more than 43,000" / "43,538".

    A bound covers its limit to within 10%, or to the next step of the limit's own precision
    ("more than 40 states" / "48 states": 40 is written to the ten). A bound far from the exact
    figure still counts as a disagreement ("at least 12 people" / "18 people" are two different
    tolls; "more than 24 countries" / "30 countries").
    """
    x, y = _as_float(a), _as_float(b)
    if x is None or y is None:
        return False
    for (bound, limit, written), exact, exact_bound in (((bound_a, x, a), y, bound_b), ((bound_b, y, b), x, bound_a)):
        if exact_bound != "=" or limit <= 0:
            continue
        step = max(10.0 ** -_precision(written), limit * 0.1)
        if (bound == ">" and limit <= exact <= limit + step) or (bound == "<" and limit - step <= exact <= limit):
            return True
    return False


def _numbers_in(sentence: str) -> list[float]:
    return [v for v in (_as_float(n) for n in extract_numbers(sentence)) if v is not None and v > 0]


def _part_of(part: NumberClaim, total: float) -> bool:
    """``part``'s sentence breaks ``total`` down: its value and one or two other figures of the
    same sentence add up to it ("2.5 million doses with Mexico and 1.5 million with Canada" / "4
    million doses to Canada and Mexico")."""
    x = _as_float(part.value)
    if x is None or x >= total:
        return False
    others = [v for v in _numbers_in(part.sentence) if v != x]
    sums = set(others) | {u + v for i, u in enumerate(others) for v in others[i + 1:]}
    return any(abs(x + s - total) <= 1e-6 * total for s in sums)


_BASELINE = re.compile(r"(?i)\b(?:from|over|since|compared (?:with|to)|than|versus|vs\.?)\s+(?:a |an |the )?([^,.;:]+)")


def _baseline(claim: NumberClaim) -> frozenset[str] | None:
    """What a percentage is measured against ("a 36% increase from February" → {february})."""
    at = claim.sentence.find(claim.phrase)
    if at < 0:
        return None
    m = _BASELINE.search(claim.sentence, at + len(claim.phrase), at + len(claim.phrase) + 80)
    if not m:
        return None
    return frozenset(stem(w) for w in re.findall(r"[\w']+", m.group(1).lower()) if w not in STOPWORDS)


def _comparable(xs: list[NumberClaim], ys: list[NumberClaim]) -> bool:
    """Two outlets' values can be compared: a percentage change only against the same baseline
    (+36% over February and +25% over March 2020 are two comparisons, not a disagreement), and
    neither value a part of the other ("2.5 million to Mexico" of "4 million to Canada and Mexico")."""
    x, y = xs[0], ys[0]
    if x.value.endswith("%") or y.value.endswith("%"):
        if _baseline(x) != _baseline(y):
            return False
    vx, vy = _as_float(x.value), _as_float(y.value)
    if vx is None or vy is None:
        return True
    return not (any(_part_of(c, vy) for c in xs) or any(_part_of(c, vx) for c in ys))


def _same_time(xs: list[NumberClaim], ys: list[NumberClaim]) -> bool:
    """Some claim of each was published within :data:`_UPDATE_WINDOW` of the other.

    A count published days later ("23 cases" on Monday, "41 cases" on Friday) is an update, not
    a disagreement.
    """
    return any(abs(x.article.published - y.article.published) <= _UPDATE_WINDOW for x in xs for y in ys)


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
            if _TARGET.search(sentence):
                continue  # a goal or threshold ("160 million by July 4", "1.5 million required")
            for claim in find_claims(sentence, article):
                by_noun[f"{claim.noun}:{claim.toll}" if claim.toll else claim.noun][article.outlet].append(claim)
    discrepancies = []
    for noun, per_outlet in by_noun.items():
        if len(per_outlet) < 2:
            continue
        value_sets = {outlet: {c.value for c in claims} for outlet, claims in per_outlet.items()}
        # An outlet giving several values for one noun is describing several things
        # (expected vs actual jobs); only single-valued outlets can contradict each other.
        single = {o: next(iter(v)) for o, v in value_sets.items() if len(v) == 1}
        outlets = list(single)
        bound = {o: _bound(per_outlet[o][0].phrase) for o in outlets}
        disagree = any(
            _contradict(single[a], single[b])
            and not _within(single[a], bound[a], single[b], bound[b])
            and _same_time(per_outlet[a], per_outlet[b])
            and _comparable(per_outlet[a], per_outlet[b])
            for i, a in enumerate(outlets)
            for b in outlets[i + 1 :]
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
        discrepancies.append(Discrepancy(subject=subject, kind="number", claims=claims))
    discrepancies.extend(_date_discrepancies(articles))
    discrepancies.extend(aligned_discrepancies(articles))
    return discrepancies


_DATE_RE = re.compile(
    r"\b(?P<month>" + "|".join(MONTHS) + r")"
    r" (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?\b"
)
_WEEKDAY_RE = re.compile(r"\b(?:(?:on|last|this|next|early|late)\s)?(?:" + "|".join(WEEKDAYS) + r")\b")
_SAME_EVENT_OVERLAP = 0.6  # shared content stems / the shorter sentence's
# Two weekdays as written ("died early Thursday" / "died early Tuesday") name different days whatever the
# publication dates, so the sentences need to match less: on neus_val 0.5 joins one pair, a true disagreement
# (Elijah Cummings died on a Thursday), and no other.
_WEEKDAY_OVERLAP = 0.5
_DATE_MIN_SHARED = 3


def _edge(weekday: re.Match[str]) -> str:
    """``early`` / ``late`` before a weekday, else "" ("on Tuesday", "Tuesday")."""
    first = weekday.group(0).split()[0].lower()
    return first if first in {"early", "late"} else ""


def _same_date(a: re.Match[str], b: re.Match[str]) -> bool:
    """``March 3, 2021`` and ``March 3`` are the same day (a year counts only when both give one);
    two weekdays left as they are (no publication date to count from) are the same day by name."""
    if a.re is _WEEKDAY_RE or b.re is _WEEKDAY_RE:
        return a.re is b.re and a.group(0).split()[-1] == b.group(0).split()[-1]
    if (a["month"], a["day"]) != (b["month"], b["day"]):
        return False
    return not (a["year"] and b["year"]) or a["year"] == b["year"]


# "on Tuesday" and "said Tuesday" resolve to "on November 17", "early Tuesday" to "early on …".
_ON_WORDS = frozenset({"on", "last", "this", "next", "of"})


class _Dated:
    """A sentence giving exactly one date: the date, how the sentence words it, its slot."""

    __slots__ = ("article", "sentence", "date", "shown", "weekday", "before", "neighbours", "words")

    def __init__(self, article: Article, sentence: str, date: re.Match[str], resolved: str):
        self.article = article
        self.sentence = sentence
        self.date = date
        weekday = None if date.group(0) in sentence else _WEEKDAY_RE.search(sentence)
        if date.re is _WEEKDAY_RE:
            weekday = None  # the date is the weekday itself: "died early Thursday"
        self.weekday = weekday.group(0).split()[-1] if weekday else None
        self.shown = f"{weekday.group(0)} ({date.group(0)})" if weekday else date.group(0)
        # The word before the date says what the date is of: "on March 3" vs "week ended March 3".
        preceding = re.findall(r"[a-z]+", resolved[: date.start()].lower())
        self.before = "on" if not preceding or preceding[-1] in _ON_WORDS else preceding[-1]
        # The content words next to it say what happened then: "voted on Monday" / "voted on Friday".
        left = [w for w in preceding if w not in STOPWORDS | _ON_WORDS]
        right = [w for w in re.findall(r"[a-z]+", resolved[date.end() :].lower()) if w not in STOPWORDS]
        self.neighbours = {stem(w) for w in left[-1:] + right[:1]}
        bare = _WEEKDAY_RE.sub(" ", _DATE_RE.sub(" ", sentence))
        self.words = {stem(w) for w in re.findall(r"[a-z]{3,}", bare.lower())} - STOPWORDS


def _dated_sentences(articles: list[Article]) -> list[_Dated]:
    """Sentences that give one date (``on Tuesday`` resolved from the publication date)."""
    out = []
    for article in articles:
        for sentence in split_sentences(article.text):
            resolved = resolve_relative_dates(sentence, article.known_published)
            dates = list(_DATE_RE.finditer(resolved))
            if len(dates) == 1:
                out.append(_Dated(article, sentence, dates[0], resolved))
            elif not dates and article.known_published is None:
                # no publication date to count from: the weekday as written ("died early Thursday"
                # against another outlet's "died early Tuesday")
                weekdays = list(_WEEKDAY_RE.finditer(resolved))
                if len(weekdays) == 1:
                    out.append(_Dated(article, sentence, weekdays[0], resolved))
    return out


def _date_discrepancies(articles: list[Article]) -> list[Discrepancy]:
    """Two outlets date the same event differently in otherwise closely matching sentences.

    Weekdays are resolved against each article's publication date first (see
    :mod:`newsdesk.write.dates`), so "on Tuesday" against "on March 4" can disagree. Two
    sentences that both say "on Tuesday" never do: their dates could then differ only by the
    publication dates or the tense guess, not by what the outlets wrote.
    """
    dated = _dated_sentences(articles)
    found: list[Discrepancy] = []
    used: set[str] = set()
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if a.article.outlet == b.article.outlet or _same_date(a.date, b.date):
                continue
            if a.before != b.before or (a.weekday and a.weekday == b.weekday):
                continue
            if not a.neighbours & b.neighbours:
                continue  # "report on Thursday" / "on Saturday issued": two events of one story
            if a.sentence in used or b.sentence in used or not a.words or not b.words:
                continue
            weekdays = a.date.re is _WEEKDAY_RE
            if weekdays and _edge(a.date) != _edge(b.date):
                continue  # "late Tuesday" and "early Wednesday" can be one night
            shared = len(a.words & b.words)
            overlap = _WEEKDAY_OVERLAP if weekdays else _SAME_EVENT_OVERLAP
            if shared < _DATE_MIN_SHARED or shared / min(len(a.words), len(b.words)) < overlap:
                continue
            used |= {a.sentence, b.sentence}
            found.append(Discrepancy(subject="date", kind="date", claims=[
                DiscrepancyClaim(outlet=x.article.outlet, article_url=x.article.url, value=x.shown, sentence=x.sentence)
                for x in (a, b)
            ]))
    return found


def contested_values(discrepancies: list[Discrepancy]) -> set[str]:
    """The sentences that carry a contested claim (verbatim), to keep out of unattributed prose."""
    return {claim.sentence for d in discrepancies for claim in d.claims}
