"""Tags: the people, organisations and places a story is about, for tag pages and story chips.

Names come from the story's own published text (headline, dek, section sentences) through
the capitalised-phrase heuristic of :func:`newsdesk.entities.extract_entities`, shown as
they are written there. A name becomes a tag when the headline or dek mentions it or it
occurs in two sentences; a surname is folded into the full name it abbreviates. Tags are
not typed: spaCy's small model labels the invented names of our demo world wrongly too
often ("Storm Orla" as a person), and a wrong "People" heading is worse than none.
Results are memoised per document version, so tag pages cost one extraction per story.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass

from ..entities import extract_entities, normalise_entity
from ..models import StoryDocument

MAX_TAGS = 6


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str


def tag_slug(name: str) -> str:
    """``"Niko Arslan"`` → ``"niko-arslan"`` (accents kept as letters, punctuation dropped)."""
    return re.sub(r"[^\w]+", "-", normalise_entity(name), flags=re.UNICODE).strip("-_")


def _clean(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip(" \"“”‘’'.,;:()"))
    return name[4:] if name.lower().startswith("the ") else name


_TITLES = frozenset("""mayor judge governor minister president chancellor senator chief director
    professor prof dr doctor captain coach manager chair chairman chairwoman secretary
    spokesperson spokesman spokeswoman deputy prime health energy finance foreign interior""".split())


def _trim(name: str) -> str:
    """Drop leading titles: "Health Minister Jonas Ekwueme" → "Jonas Ekwueme"."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in _TITLES:
        words.pop(0)
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
    """Up to :data:`MAX_TAGS` tags of ``doc``, most mentioned first."""
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
            if len(key) < 3 or key in ignore or not any(ch.isalpha() for ch in key):
                continue
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


class TagIndex:
    """Memoised :func:`extract_tags` per document version (bounded, thread-safe)."""

    def __init__(self, max_entries: int = 20_000) -> None:
        self.max_entries = max_entries
        self._memo: OrderedDict[tuple[str, str], list[Tag]] = OrderedDict()
        self._lock = threading.Lock()

    def tags(self, doc: StoryDocument) -> list[Tag]:
        version = hashlib.sha1(doc.model_dump_json().encode()).hexdigest()
        key = (doc.id, version)
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        tags = extract_tags(doc)
        with self._lock:
            self._memo[key] = tags
            while len(self._memo) > self.max_entries:
                self._memo.popitem(last=False)
        return tags

    def stories_with(self, docs: list[StoryDocument], slug: str) -> tuple[Tag | None, list[StoryDocument]]:
        """The tag called ``slug`` (as the first matching story names it) and the stories carrying it."""
        found: Tag | None = None
        out = []
        for doc in docs:
            for tag in self.tags(doc):
                if tag.slug == slug:
                    found = found or tag
                    out.append(doc)
                    break
        return found, out
