"""Tags: the people, organisations and places a story is about, for tag pages and story chips.

Names come from the story's own published text (headline, dek, section sentences) through
the capitalised-phrase heuristic of :func:`newsdesk.entities.extract_entities`, shown as
they are written there. A name becomes a tag when the headline or dek mentions it or it
occurs in two sentences; a surname is folded into the full name it abbreviates.

Each tag is then typed by a vote over every mention of the name in the story's *source
articles* (:func:`tag_kinds`): spaCy's label for the mention (when spaCy is installed)
plus simple cues: a title or role before it ("Mayor", "striker") or "…,” said" before it
for a person; a head word such as "Authority", "Party", "Bank", "Inc" for an
organisation; "Street", "Valley", "Port …", or "in …" for a place. spaCy's small model
alone labels invented or rare names badly ("Storm Orla" a person, "Dunmore" a person), so
the cues carry more weight, a one-word name is never a person (people are named in full
at least once), and a tag is typed only when one kind wins clearly; otherwise it stays in
an untyped "Topics" group, because a wrong "People" heading is worse than none.
Results are memoised per document version, so a story's sources are read once.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..entities import extract_entities, normalise_entity, spacy_available
from ..models import StoryDocument
from ..store import Store

__all__ = ["GROUPS", "Tag", "TagIndex", "extract_tags", "group_tags", "tag_kinds", "tag_slug", "vote_kind"]

MAX_TAGS = 6
#: Group headings in page order; ``None`` is the untyped group.
GROUPS: dict[str | None, str] = {"person": "People", "organisation": "Organisations", "place": "Places",
                                  None: "Topics"}
NAME_CUE_WEIGHT = 3  # a head word ("… Authority") is worth three mentions
MIN_VOTES, MIN_SHARE = 2, 0.6  # the winning kind needs both
MAX_MENTIONS = 40  # per name; enough for a vote, bounded for long sources
_STORY_SOURCES = 12  # source articles read per story


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    kind: str | None = None  # "person", "organisation", "place", or None when unsure


def tag_slug(name: str) -> str:
    """``"Niko Arslan"`` → ``"niko-arslan"`` (accents kept as letters, punctuation dropped)."""
    return re.sub(r"[^\w]+", "-", normalise_entity(name), flags=re.UNICODE).strip("-_")


def _clean(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip(" \"“”‘’'.,;:()"))
    return name[4:] if name.lower().startswith("the ") else name


# Titles are dropped from the front of a name and, before a mention, mark a person.
_TITLES = frozenset("""mayor judge governor minister president chancellor senator chief director
    professor prof dr doctor captain coach manager chair chairman chairwoman secretary
    spokesperson spokesman spokeswoman deputy prime health energy finance foreign interior
    colonel general major lieutenant sergeant inspector commissioner councillor councilor
    mr mrs ms sir dame lord lady king queen prince princess pope bishop rev father sister mp mep""".split())
# Roles written before a name in news copy ("striker Greta Solheim"): person cues only.
_ROLES = _TITLES | frozenset("""striker midfielder defender goalkeeper keeper forward winger player
    captain coach astronomer scientist researcher economist analyst lawyer attorney prosecutor
    officer spokesperson founder ceo chairwoman reporter author artist painter singer actor
    actress writer poet curator architect engineer surgeon nurse physician resident farmer
    teacher student mother father son daughter wife husband widow owner leader candidate
    ambassador envoy mediator negotiator lawmaker legislator mp mep""".split())
_ORG_HEADS = frozenset("""inc corp corporation ltd llc plc co company companies party ministry
    department council authority agency bank university college institute commission committee
    board court police union association federation league club fc motors airlines airways
    group foundation trust society alliance coalition network communications telecom holdings
    partners services service bureau office parliament senate assembly government army navy
    forces church school schools hospital rovers united mariners wanderers athletic observatory
    museum gallery library theatre theater orchestra energy power systems technologies media capital
    logistics pharmaceuticals pharma foods industries enterprises labs solutions""".split())
# a common noun right before a name that says what it is: "power company Nordstrand Energy"
_ORG_BEFORE = frozenset("""company firm group operator carrier bank party union agency maker manufacturer
    insurer retailer chain club broadcaster publisher charity organisation organization team""".split())
_ORG_LEADS = frozenset("bank ministry department university college institute office council "
                       "commission court church federation association".split())
_PLACE_HEADS = frozenset("""street road avenue lane bridge valley river lake mountain mountains hills
    hill bay coast island islands sands wetlands marsh park square harbour harbor beach forest
    desert county province region district city town village strait sea ocean peninsula
    heights point estate quarter""".split())
_PLACE_LEADS = frozenset("port mount lake fort cape isle upper lower north south east west saint st".split())
_NOT_NAMED = frozenset("storm hurricane typhoon cyclone operation".split())
_EVENT_HEADS = frozenset("cup championship championships games olympics festival summit war act bill "
                         "award awards prize trophy final finals open marathon".split())
_PLACE_PREPOSITIONS = frozenset("in near outside across around".split())
_DIRECTIONS = frozenset("northern southern eastern western central north south east west rural coastal".split())
_SETTLEMENTS = frozenset("town city village country region province district state capital county".split())
# words after a name (possessive skipped) that belong to a country or town: "Cendria's government"
_PLACE_AFTER = frozenset("""government president prime foreign ministry capital coast coastline
    border borders army military parliament economy citizens residents population mayor""".split())
# ...and to a company or body: "Aldernet chief executive", "Aldernet customers"
_ORG_AFTER = frozenset("""ceo executive executives shares shareholders customers subscribers
    spokesperson spokesman spokeswoman board employees staff statement""".split())
_SPACY_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_NOT_A_NAME = frozenset("DATE TIME CARDINAL ORDINAL PERCENT MONEY QUANTITY".split())
_WORDS = re.compile(r"[\w’'-]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’)])\s+|\n+")
_spacy_lock = threading.Lock()


def _trim(name: str) -> str:
    """Drop titles before a full name: "Civic Alliance MP Jakob Rask" → "Jakob Rask"."""
    words = name.split()
    for i in range(len(words) - 3, -1, -1):  # the last title that leaves two words or more
        if words[i].lower() in _TITLES and _name_cue(" ".join(words[i + 1:])) is None:
            return " ".join(words[i + 1:])  # ("General Motors Company" keeps its "General")
    return " ".join(words)


def _mentions(text: str, common: set[str]) -> list[str]:
    """Names in ``text`` as written there; single words also used in lower case are not names."""
    found = []
    for norm in extract_entities(text, use_spacy=False):
        match = re.search(r"\b" + r"\W+".join(map(re.escape, norm.split())) + r"\b", text, re.IGNORECASE)
        if not match:
            continue
        name = _trim(_clean(match.group(0)))
        if " " not in name and name.lower() in common:
            continue
        found.append(name)
    return found


def extract_tags(doc: StoryDocument) -> list[Tag]:
    """Up to :data:`MAX_TAGS` untyped tags of ``doc``, most mentioned first."""
    sentences = [s.text for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
    # Names come from sentence-case text only: Title Case headlines capitalise every word.
    texts = [doc.dek, *sentences]
    # words the story also writes in lower case ("the bank", "jobs") are not names
    common = set(re.findall(r"\b[a-z][a-z'-]+\b", " ".join([*texts, doc.summary])))
    counts: Counter[str] = Counter()
    display: dict[str, str] = {}
    ignore = {normalise_entity(o) for o in doc.outlets} | {normalise_entity(doc.category)}
    for text in texts:
        names = {normalise_entity(n): n for n in _mentions(text, common)}
        for key, name in names.items():
            if len(key) < 3 or key in ignore or key in _TITLES or not any(ch.isalpha() for ch in key):
                continue  # "Energy" of "Energy Minister" is a portfolio, not a name
            if " " not in key and any(k.endswith(" " + key) for k in names):
                continue  # the surname of a full name in the same sentence
            counts[key] += 1
            display.setdefault(key, name)
    # "Arslan" after "Niko Arslan": credit the full name, drop the surname
    for key in list(counts):
        longer = [k for k in counts if k != key and k.endswith(" " + key)]
        if longer and len(key.split()) == 1:
            counts[max(longer, key=lambda k: counts[k])] += counts.pop(key)
    headline = normalise_entity(doc.headline)

    def keep(key: str, n: int) -> bool:
        if " " not in key:  # a lone capitalised word needs two mentions
            return n >= 2
        return n >= 2 or key in headline

    chosen = [k for k, n in counts.most_common() if keep(k, n)][:MAX_TAGS]
    return [Tag(display[k], tag_slug(display[k])) for k in chosen]


# -- typing -------------------------------------------------------------------------------
def _name_cue(name: str) -> str | None:
    """The kind a name's own words give it: "… Authority" an organisation, "… Valley" a place."""
    words = [w.casefold() for w in _WORDS.findall(name)]
    if not words:
        return None
    if words[0] in _NOT_NAMED or words[-1] in _EVENT_HEADS:
        return "other"
    if words[-1] in _ORG_HEADS or (len(words) > 2 and words[0] in _ORG_LEADS and words[1] == "of"):
        return "organisation"
    if words[-1] in _PLACE_HEADS or (len(words) > 1 and words[0] in _PLACE_LEADS):
        return "place"
    return None


def _context_cues(before: str, after: str, one_word: bool) -> list[str]:
    """Kinds suggested by the words around one mention (``one_word``: no person cues)."""
    prev = [w.casefold() for w in _WORDS.findall(before)[-2:]]
    after = re.sub(r"^['’]s\b", "", after)  # "Cendria's government": the word after the possessive
    following = [w.casefold() for w in _WORDS.findall(after)[:2]]
    cues = []
    if prev and prev[-1] in _ROLES and not one_word:
        cues.append("person")
    if ((following and following[0] in _ORG_AFTER) or following[:2] == ["chief", "executive"]
            or prev[-2:] == ["shares", "in"] or (prev and prev[-1] in _ORG_BEFORE)):
        return [*cues, "organisation"]
    if following and following[0] in _PLACE_AFTER:
        cues.append("place")
    if prev[-2:-1] and prev[-1] == "of" and prev[-2] in _SETTLEMENTS:
        cues.append("place")
    if len(prev) == 2 and prev[0] in _PLACE_PREPOSITIONS and prev[1] in _DIRECTIONS:
        cues.append("place")
    # "…,” said Lena Ortiz": quotes are attributed to people this way ("Brannock Motors said"
    # is as common as "Ortiz said", so speech before the verb is no cue)
    if not one_word and prev and prev[-1] in ("said", "says", "added"):
        cues.append("person")
    if prev and prev[-1] in _PLACE_PREPOSITIONS:
        cues.append("place")
    return cues


@dataclass
class Votes:
    """What the mentions of one name say about its kind: spaCy's labels and the cues."""

    spacy: Counter = field(default_factory=Counter)
    cues: Counter = field(default_factory=Counter)

    def total(self) -> Counter:
        return self.spacy + self.cues


def vote_kind(votes: Votes, one_word: bool = False) -> str | None:
    """The winning kind if it has :data:`MIN_VOTES` and :data:`MIN_SHARE` of all votes, else None.

    spaCy alone cannot type a one-word name (it reads one-word invented places as
    organisations): the winner then needs a cue of its own.
    """
    total = votes.total()
    kinds = [(total[k], k) for k in ("person", "organisation", "place") if total[k]]
    if not kinds:
        return None
    best, kind = max(kinds)
    if (one_word and not votes.cues[kind]) or votes.cues["other"] >= NAME_CUE_WEIGHT:
        return None  # spaCy alone on a one-word name, or an event by its own name ("Storm Orla")
    return kind if best >= MIN_VOTES and best / sum(total.values()) >= MIN_SHARE else None


def _mention_pattern(name: str) -> re.Pattern:
    words = [re.escape(w) for w in name.split()]
    return re.compile(r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])")


def name_votes(names: list[str], texts: Iterable[str], use_spacy: bool | None = None) -> dict[str, Votes]:
    """Votes per name over every mention in ``texts`` (spaCy labels and context cues)."""
    if use_spacy is None:
        use_spacy = spacy_available()
    patterns = {n: _mention_pattern(n) for n in names}
    name_cues = {n: _name_cue(n) for n in names}
    votes = {n: Votes() for n in names}
    seen: Counter[str] = Counter()
    sentences = [s for t in texts for s in _SENTENCE_SPLIT.split(t)
                 if s and any(p.search(s) for p in patterns.values())]
    parsed = _parse(sentences) if use_spacy and sentences else [None] * len(sentences)
    for sentence, ents in zip(sentences, parsed, strict=True):
        for name, pattern in patterns.items():
            one_word = " " not in name
            key = normalise_entity(name)
            for match in pattern.finditer(sentence):
                if seen[name] >= MAX_MENTIONS:
                    break
                seen[name] += 1
                # a name whose own words say what it is ("… Authority") gets no person cues
                for cue in _context_cues(sentence[:match.start()], sentence[match.end():],
                                         one_word or name_cues[name] is not None):
                    votes[name].cues[cue] += 1
                for start, end, label, text in ents or ():
                    if start <= match.start() < end and normalise_entity(text) == key:
                        kind = _SPACY_KIND.get(label, "not-a-name" if label in _NOT_A_NAME else "other")
                        if not (kind == "person" and one_word):
                            votes[name].spacy[kind] += 1
    for name, cue in name_cues.items():
        if cue:
            votes[name].cues[cue] += NAME_CUE_WEIGHT
    return votes


def _parse(sentences: list[str]) -> list[list[tuple[int, int, str, str]]]:
    from ..entities import _spacy_nlp  # the loaded model is shared with the story engine

    with _spacy_lock:  # one pipeline object, used from the web server's threads
        return [[(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
                for doc in _spacy_nlp().pipe(sentences, batch_size=64)]


def tag_kinds(tags: list[Tag], texts: Iterable[str], use_spacy: bool | None = None) -> list[Tag]:
    """``tags`` typed by a vote over their mentions in ``texts``; names that are no names are dropped."""
    votes = name_votes([t.name for t in tags], texts, use_spacy)
    out = []
    for tag in tags:
        v = votes[tag.name]
        if v.spacy["not-a-name"] > sum(v.total().values()) / 2:
            continue  # "Sundays": spaCy reads it as a date
        out.append(replace(tag, kind=vote_kind(v, one_word=" " not in tag.name)))
    return out


def group_tags(tags: list[Tag]) -> list[tuple[str, list[Tag]]]:
    """``(heading, tags)`` in :data:`GROUPS` order, empty groups left out."""
    return [(heading, [t for t in tags if t.kind == kind]) for kind, heading in GROUPS.items()
            if any(t.kind == kind for t in tags)]


def source_texts(store: Store, story_id: str) -> list[str]:
    """The body texts of a story's source articles (titles left out: Title Case hides names)."""
    story = store.get_story(story_id)
    if story is None:
        return []
    return [a.text for a in store.get_articles(story.article_ids[:_STORY_SOURCES])]


class TagIndex:
    """Memoised tags per document version (bounded, thread-safe); typed when it has a store."""

    def __init__(self, store: Store | None = None, max_entries: int = 20_000) -> None:
        self.store = store
        self.max_entries = max_entries
        self._memo: OrderedDict[tuple[str, str, bool], list[Tag]] = OrderedDict()
        self._lock = threading.Lock()

    def _cached(self, doc: StoryDocument, typed: bool) -> list[Tag]:
        version = hashlib.sha1(doc.model_dump_json().encode()).hexdigest()
        key = (doc.id, version, typed)
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        tags = extract_tags(doc) if not typed else tag_kinds(self.names(doc), source_texts(self.store, doc.id))
        with self._lock:
            self._memo[key] = tags
            while len(self._memo) > self.max_entries:
                self._memo.popitem(last=False)
        return tags

    def names(self, doc: StoryDocument) -> list[Tag]:
        """Untyped tags (cheap: the published text only)."""
        return self._cached(doc, typed=False)

    def tags(self, doc: StoryDocument) -> list[Tag]:
        """Tags typed from the story's sources (untyped without a store)."""
        return self._cached(doc, typed=self.store is not None)

    def stories_with(self, docs: list[StoryDocument], slug: str, typed_from: int = 5
                     ) -> tuple[Tag | None, list[StoryDocument]]:
        """The tag called ``slug`` and the stories carrying it.

        The tag's kind is the one most of the first ``typed_from`` stories give it, or
        None when they disagree.
        """
        found: Tag | None = None
        out = []
        for doc in docs:
            for tag in self.names(doc):
                if tag.slug == slug:
                    found = found or tag
                    out.append(doc)
                    break
        if found is None:
            return None, []
        kinds = Counter(t.kind for d in out[:typed_from] for t in self.tags(d) if t.slug == slug)
        kind, n = kinds.most_common(1)[0] if kinds else (None, 0)
        return replace(found, kind=kind if n > sum(kinds.values()) / 2 else None), out
