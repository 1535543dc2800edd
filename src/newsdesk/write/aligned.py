"""Names and claims outlets give differently in sentences that otherwise say the same thing.

Two outlets' sentences about the same thing share most of their words. Where such a pair
differs only in a name ("led by Acme Corp" / "led by Apex Inc", "the suspect, John Smith" /
"the suspect, Jon Smyth") or in polarity ("confirmed" / "denied", "approved" / "did not
approve"), the outlets disagree on who or whether: a ``name`` or ``claim``
:class:`~newsdesk.models.Discrepancy`.

Pairs are found by content-stem overlap (:data:`_ALIGN_OVERLAP` of the shorter sentence, at
least :data:`_ALIGN_MIN_SHARED` stems), then aligned word by word (difflib); the difference must
sit between :data:`_FLANK` equal words on each side. Precision comes first: different speakers
of the same words, names each outlet also gives, transliteration variants, a negation the other
outlet expresses with "denied", and a second difference that cancels the first are no
disagreement. ``bench/bench_discrepancies.py`` measures the settings against hand labels.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict

from newsdesk.models import Article, Discrepancy, DiscrepancyClaim
from newsdesk.text import STOPWORDS, split_sentences, stem
from newsdesk.write.quotes import TITLE_WORDS

__all__ = ["aligned_discrepancies"]

_ALIGN_OVERLAP = 0.6  # shared content stems / the smaller sentence's content stems
_ALIGN_MIN_SHARED = 4
_FLANK = 2  # equal tokens required on each side of the difference (fewer only at a sentence edge)
_TOKEN_RE = re.compile(r"[A-Za-z][\w’'.\-]*[\w]|[A-Za-z]|\d[\d,.]*%?|[^\w\s]")
_CONTRACTIONS = [
    (re.compile(r"(?i)\bcan[’']t\b"), "can not"), (re.compile(r"(?i)\bcannot\b"), "can not"),
    (re.compile(r"(?i)\bwon[’']t\b"), "will not"), (re.compile(r"(?i)\bshan[’']t\b"), "shall not"),
    (re.compile(r"(?i)n[’']t\b"), " not"),
]
_NEGATIONS = frozenset({"not", "never", "no"})
# "not only", "no matter", "not least": negation words that do not negate the statement.
_NOT_NEGATING_NEXT = frozenset({"only", "just", "least", "matter", "doubt", "longer", "sooner"})
# Verbs that carry a negation of their own: "denied that the talks had collapsed" says what
# "said the talks had not collapsed" says.
_NEGATIVE_VERBS = frozenset(
    "deny denies denied denying reject rejects rejected rejecting refuse refuses refused refusing "
    "decline declines declined declining dismiss dismisses dismissed".split()
)
_AUXILIARIES = frozenset(
    "do does did is are was were be been has have had will would can could shall should may might must".split()
)
# Opposite statements: each pair is (forms of one verb/adjective, forms of its opposite).
_OPPOSITES = [
    ("confirm confirms confirmed confirming", "deny denies denied denying"),
    ("approve approves approved approving", "reject rejects rejected rejecting"),
    ("accept accepts accepted accepting", "reject rejects rejected rejecting decline declines declined"),
    ("agree agrees agreed agreeing", "refuse refuses refused refusing decline declines declined"),
    ("rise rises rose risen rising", "fall falls fell fallen falling drop drops dropped"),
    ("increase increases increased increasing", "decrease decreases decreased decreasing"),
    ("gain gains gained", "lose loses lost"),
    ("win wins won winning", "lose loses lost losing"),
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    ("acquit acquits acquitted", "convict convicts convicted"),
    ("uphold upholds upheld", "overturn overturns overturned"),
    ("allow allows allowed allowing", "ban bans banned block blocks blocked bar bars barred prohibit prohibits prohibited"),
    ("guilty", "innocent"),
    ("legal", "illegal"),
    ("constitutional", "unconstitutional"),
    ("likely", "unlikely"),
    ("true", "false"),
    ("higher", "lower"),
    ("more", "fewer less"),
    ("above", "below"),
]
_OPPOSITE: dict[str, set[str]] = defaultdict(set)
for _yes, _no in _OPPOSITES:
    for _a in _yes.split():
        _OPPOSITE[_a] |= set(_no.split())
    for _b in _no.split():
        _OPPOSITE[_b] |= set(_yes.split())
_SAID_RE = re.compile(r"(?i)^(?:" + "|".join(
    "said says told added wrote stated declared warned argued explained insisted noted asked "
    "replied claimed stressed tweeted posted announced according".split()) + r")$")
_NOT_NAMES = frozenset(
    "i a the an he she it they we this that these those but and or so yet monday tuesday wednesday thursday "
    "friday saturday sunday january february march april may june july august september october "
    "november december".split()
)


class _Aligned:
    """One sentence prepared for alignment: tokens (original and lower case) and content stems."""

    __slots__ = ("article", "sentence", "tokens", "lower", "stems")

    def __init__(self, article: Article, sentence: str):
        text = sentence
        for pattern, repl in _CONTRACTIONS:
            text = pattern.sub(repl, text)
        self.article = article
        self.sentence = sentence
        self.tokens = _TOKEN_RE.findall(text)
        self.lower = [t.lower().replace("’", "'") for t in self.tokens]
        self.stems = {stem(t) for t in self.lower if t.isalpha() and t not in STOPWORDS and len(t) > 2}


def _aligned_pairs(articles: list[Article]):
    """Sentence pairs of different outlets about the same thing, with their token alignment."""
    prepared = [
        _Aligned(article, sentence)
        for article in articles
        for sentence in split_sentences(article.text)
        if not sentence.rstrip("”\"' ").endswith("?")
    ]
    by_stem: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(prepared):
        for s in p.stems:
            by_stem[s].append(i)
    for i, a in enumerate(prepared):
        counts: dict[int, int] = defaultdict(int)
        for s in a.stems:
            for j in by_stem[s]:
                if j > i:
                    counts[j] += 1
        for j, shared in counts.items():
            b = prepared[j]
            if b.article.outlet == a.article.outlet or shared < _ALIGN_MIN_SHARED:
                continue
            if shared / min(len(a.stems), len(b.stems)) < _ALIGN_OVERLAP:
                continue
            matcher = difflib.SequenceMatcher(None, a.lower, b.lower, autojunk=False)
            yield a, b, matcher.get_opcodes()


def _flanked(ops, k: int, a: _Aligned, b: _Aligned) -> bool:
    """The differing op ``k`` sits between runs of at least :data:`_FLANK` equal tokens."""
    tag, i1, i2, j1, j2 = ops[k]
    before = ops[k - 1] if k > 0 else None
    after = ops[k + 1] if k + 1 < len(ops) else None
    ok_before = (i1 == 0 and j1 == 0) or (before is not None and before[0] == "equal" and before[2] - before[1] >= _FLANK)
    ok_after = (i2 == len(a.lower) and j2 == len(b.lower)) or (
        after is not None and after[0] == "equal" and after[2] - after[1] >= _FLANK
    )
    return ok_before and ok_after


def _negations(words: list[str], following: list[str]) -> int:
    n = 0
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else (following[0] if following else "")
        if w in _NEGATIONS and nxt not in _NOT_NEGATING_NEXT:
            n += 1
    return n


def _flips(xs: list[str], ys: list[str], x_next: list[str], y_next: list[str]) -> bool:
    """``xs`` and ``ys`` say opposite things: one negates what the other states, or antonyms."""
    if _negations(xs, x_next) != _negations(ys, y_next):
        core_x = [w for w in xs if w not in _NEGATIONS and w not in _AUXILIARIES]
        core_y = [w for w in ys if w not in _NEGATIONS and w not in _AUXILIARIES]
        # "did not approve" / "approved": the same verb once negated (or a bare negation).
        return [stem(w) for w in core_x] == [stem(w) for w in core_y] and (_negations(xs, x_next) + _negations(ys, y_next)) == 1
    xs = [w for w in xs if w not in _AUXILIARIES]
    ys = [w for w in ys if w not in _AUXILIARIES]
    return len(xs) == 1 and len(ys) == 1 and ys[0] in _OPPOSITE.get(xs[0], ())


def _phrase(p: _Aligned, start: int, end: int) -> str:
    """The tokens ``start:end`` with one word of context each side, as the source spells them."""
    words = p.tokens[max(0, start - 1) : min(len(p.tokens), end + 1)]
    return re.sub(r" ([,.;:!?])", r"\1", " ".join(words)).strip(" ,.;:")


def _name_span(tokens: list[str]) -> str | None:
    """``tokens`` as a name (people, organisations, places): capitalised words, titles dropped."""
    words = [t for t in tokens if t.lower().strip(".") not in TITLE_WORDS]
    if not words or len(words) > 5:
        return None
    if any(not w[0].isupper() or w.lower() in _NOT_NAMES or w.lower() in STOPWORDS for w in words):
        return None
    if any(re.search(r"-[a-z]", w) for w in words):
        return None  # "Democratic-led" is a description, not a name
    return " ".join(words)


def _spelling_key(name: str) -> str:
    """Name with accents, case and doubled letters gone: "Zelenskyy" and "Zelensky" match."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z ]", "", plain))


def _mentions(text: str, name: str) -> bool:
    """``text`` names ``name`` (its last word, as a word) — the other outlet knows of it."""
    last = re.sub(r"(?:’s|'s)$", "", name.split()[-1])
    return bool(re.search(rf"\b{re.escape(last)}\b", text))


def _name_word(token: str) -> bool:
    return token[:1].isupper() and token.lower().strip(".") not in TITLE_WORDS | _NOT_NAMES | STOPWORDS


def _whole_name(p: _Aligned, start: int, end: int) -> tuple[int, int]:
    """Grow ``start:end`` over the capitalised words around it: "Nordvik" → "Nordvik Energy"."""
    while start > 0 and _name_word(p.tokens[start - 1]):
        start -= 1
    while end < len(p.tokens) and _name_word(p.tokens[end]):
        end += 1
    return start, end


def _name_difference(a: _Aligned, b: _Aligned, ops) -> tuple[str, str] | None:
    """The one name slot where two aligned sentences give different names."""
    found = None
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace" or i1 == 0 or j1 == 0:
            continue  # a capitalised word at the start may be no name at all
        differ_a, differ_b = _name_span(a.tokens[i1:i2]), _name_span(b.tokens[j1:j2])
        if not differ_a or not differ_b or not _flanked(ops, k, a, b):
            continue
        (s_a, e_a), (s_b, e_b) = _whole_name(a, i1, i2), _whole_name(b, j1, j2)
        if s_a == 0 or s_b == 0:
            continue
        if any(_SAID_RE.match(w) for w in (a.lower[s_a - 1], *a.lower[e_a : e_a + 1], *b.lower[e_b : e_b + 1])):
            continue  # different people saying the same thing is no disagreement
        if _spelling_key(differ_a) == _spelling_key(differ_b):
            continue  # transliteration or accent variant of one name
        # The differing words, not the shared ones ("Energy"), tell whether an outlet knows the other name.
        if _mentions(b.article.text, differ_a) or _mentions(a.article.text, differ_b):
            continue  # each outlet knows both: two people/places, not two versions of one
        if found:
            return None  # several names differ: not one slot
        found = (_name_span(a.tokens[s_a:e_a]) or differ_a, _name_span(b.tokens[s_b:e_b]) or differ_b)
    return found


def _polarity(p: _Aligned) -> int:
    """Negations plus negative verbs in the sentence, modulo 2."""
    return (_negations(p.lower, []) + sum(w in _NEGATIVE_VERBS for w in p.lower)) % 2


def _claim_difference(a: _Aligned, b: _Aligned, ops) -> tuple[str, str] | None:
    """The one place where two aligned sentences say opposite things."""
    flips = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        if _flips(a.lower[i1:i2], b.lower[j1:j2], a.lower[i2 : i2 + 1], b.lower[j2 : j2 + 1]):
            flips.append(k)
    if len(flips) != 1 or not _flanked(ops, flips[0], a, b):
        return None  # two flips cancel out; an unflanked one may belong to another clause
    _, i1, i2, j1, j2 = ops[flips[0]]
    negated = _negations(a.lower[i1:i2], a.lower[i2 : i2 + 1]) != _negations(b.lower[j1:j2], b.lower[j2 : j2 + 1])
    if negated and _polarity(a) == _polarity(b):
        return None  # "said … had not collapsed" / "denied … had collapsed" agree
    return _phrase(a, i1, i2), _phrase(b, j1, j2)


def aligned_discrepancies(articles: list[Article]) -> list[Discrepancy]:
    """Names and claims two outlets give differently in sentences that otherwise agree."""
    found: list[Discrepancy] = []
    used: set[str] = set()
    for a, b, ops in _aligned_pairs(articles):
        if a.sentence in used or b.sentence in used:
            continue
        names = _name_difference(a, b, ops)
        claim = None if names else _claim_difference(a, b, ops)
        if not (names or claim):
            continue
        value_a, value_b = names or claim
        used |= {a.sentence, b.sentence}
        found.append(Discrepancy(subject="name" if names else "claim", kind="name" if names else "claim", claims=[
            DiscrepancyClaim(outlet=a.article.outlet, article_url=a.article.url, value=value_a, sentence=a.sentence),
            DiscrepancyClaim(outlet=b.article.outlet, article_url=b.article.url, value=value_b, sentence=b.sentence),
        ]))
    return found
