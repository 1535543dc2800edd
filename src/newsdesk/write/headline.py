"""Headline, hero image and its alt text.

The headline is the sources' most central headline, cleaned of outlet suffixes, "Opinion:"
prefixes and trailing punctuation; question and exclamation headlines, clickbait and loaded
wording ("The most savage memes about …", "5 things …"), the writer's own voice or the reader
addressed ("Why we …", "You …") are avoided when another exists. A headline is one statement of
at most 16 words: a two-sentence teaser ("… reopen the government. Mitch McConnell shot them
down") or a longer headline competes only through the statements inside it (its first
sentence, a side of its colon, the part before a trailing clause).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from urllib.parse import urlparse

from newsdesk.entities import extract_entities_by_kind, spacy_available
from newsdesk.models import Article, Image
from newsdesk.text import extract_entities, in_own_voice, outside_quotations, quote_balance, split_sentences, stems
from newsdesk.write.candidates import usable
from newsdesk.write.names import is_nationality

logger = logging.getLogger(__name__)

__all__ = ["clean_headline", "choose_headline", "choose_image", "story_place", "key_entities"]

# " | Reuters", " - BBC News", " — The New York Times", " - nytimes.com": a name, not a clause
# (" — it’s time to stop living in fear: doctor" is part of the headline).
_NAME_WORD = r"(?:[A-Z0-9][\w.&'’]*|of|the|and|for|on|de|du|la|le|el|&)"
_SUFFIX = re.compile(r"\s+[|\-–—]\s+(?=[^|\-–—]{2,40}$)(?:" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,5}"
                     r"|[a-z0-9][a-z0-9.-]*\.[a-z]{2,})$")
_PREFIX = re.compile(r"(?i)^(?:opinion|analysis|editorial|breaking|live|watch|exclusive|update[d]?)\s*[:|\-–—]\s*")
_CLICKBAIT = re.compile(r"(?i)\b(you won['’]t believe|here['’]s why|this is why|what you need to know|shocking|"
                        r"must see|things to know|everything we know|the (?:most|best|worst) \w+|savage|"
                        r"memes?|epic|hilarious|meltdown|destroys|owns|\d+ (?:things|ways|reasons|times))\b"
                        # an opinion's verdict or appeal: "… Is Wrong to Uphold …", "… Very Bad Trip South",
                        # "What the hysteria over … is really all about", "Defend Simone Biles, but Don't …"
                        r"|(?i:\b(?:is|are) (?:really|actually|wrong|right)\b|\breally (?:all )?about\b|"
                        r"\b(?:hysteria|disgrace\w*|shameful|absurd|pathetic|insane|idiotic|very bad)\b)"
                        r"|^(?:Don[’']t|Stop|Defend|Let[’']s|Enough)\b")
# Headlines quote with single curly quotes too ("Trump ‘poisoning’ democracy").
_SINGLE_QUOTED = re.compile(r"‘[^’]*’")


def clean_headline(title: str, url: str | None = None, outlet: str | None = None) -> str:
    """Remove outlet suffix, label prefix, trailing period, surrounding whitespace.

    With the article's ``url`` and ``outlet``, a suffix that names the site is removed too when
    it is not written as a name: "Batteriespeicher - daheim Solar" on daheim-solar.de, "… - tennis
    MAGAZIN", "… | Übermedien", "… - brand eins online".
    """
    t = re.sub(r"\s+", " ", title or "").strip()
    parts = [p.strip() for p in t.split(" | ")]
    if len(parts) >= 3 and len(parts[0].split()) >= 4 and len(parts[0]) >= max(len(p) for p in parts[1:]):
        # "Headline | Section or place | Site name": the headline is the first and longest part
        t = parts[0]
    t = _PREFIX.sub("", t)
    t = _SUFFIX.sub("", t)
    if url or outlet:
        m = _LAST_PART.search(t)
        if m and m.start() > 0 and _names_the_site(m.group(1), url, outlet):
            t = t[: m.start()]
    return t.rstrip(" .")


# The last part after a separator: "… - daheim Solar", "… | DW".
_LAST_PART = re.compile(r"\s*(?:\s[|\-–—]|[|–—])\s+([^|\-–—]{2,50})$")
# What a site adds to its name in a title: "brand eins online", "RECYCLING magazin".
_SITE_WORDS = ("online", "magazin", "magazine", "news", "blog", "de", "com", "at", "ch", "net", "org", "eu")


def _site_key(text: str) -> str:
    """``Übermedien`` → ``uebermedien``, ``daheim-solar`` → ``daheimsolar``: letters and digits only."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def _names_the_site(part: str, url: str | None, outlet: str | None) -> bool:
    """True when a title's last part is the site's name: its host ("daheim-solar.de" for "daheim Solar",
    "aoc.media" for "AOC media") or the outlet's name, perhaps with a word a site adds ("online")."""
    if len(part.split()) > 4:
        return False
    key = _site_key(part)
    if len(key) < 2:
        return False
    keys = {_site_key(outlet)} if outlet else set()
    host = (urlparse(url).hostname or "").lower() if url else ""
    if host and not host.endswith("archive.org"):
        labels = [label for label in host.split(".") if label != "www"]
        keys |= {_site_key(label) for label in labels[:-1]} | {_site_key("".join(labels)), _site_key("".join(labels[:-1]))}
    keys.discard("")
    for k in keys:
        if key == k or (len(k) >= 4 and key.startswith(k) and key[len(k):] in _SITE_WORDS):
            return True
        if len(key) >= 4 and k.startswith(key) and len(k) - len(key) <= 3:
            return True  # "amazed" on amazedmag.de
    return False


MAX_HEADLINE_WORDS = 16
# A break with a statement on either side: a colon, semicolon or dash.
_SIDE_BREAK = r"\s*[:;]\s+|\s+[—–-]\s+"
# Where a long headline's first statement may end: before a colon, semicolon or dash, before a
# clause that continues it (", topping 1M …"), or before a trailing phrase ("… at fiery rally").
_HEAD_BREAK = re.compile(
    _SIDE_BREAK + r"|,\s+(?=[a-z])|(?<!hour)(?<!hours)(?<!day)(?<!days)(?<!week)(?<!weeks)(?<!shortly)(?<!just)"
    r"\s+(?=(?:at|ahead of|after|amid|while|during|despite) )"
)
_CONNECTIVE = frozenset("also and but so then yet or if".split())
_BACK_REFERENCE = re.compile(r"(?i)\b(?:he|him|his|she|her|they|them|their|it|its)\b")


def _statements(title: str) -> list[str]:
    """The sentences of a headline: "Former Va. Sen. John Warner dies" and "… Wanted List; State
    Dept. Revokes His Visa" are one each (a cut after an abbreviation is no sentence end)."""
    pieces: list[str] = []
    for piece in split_sentences(title):
        if pieces and (len(pieces[-1].split()) < 3 or re.search(r"\b[A-Z][a-z]{0,3}\.$", pieces[-1])):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces or [title]


def _shorter_forms(title: str) -> list[str]:
    """One-statement headlines inside a teaser or over-long headline, from its own words.

    "Senate Democrats pushed a vote. Mitch McConnell shot them down" → its first sentence (the
    second leans on the first: "them"); "Turkish ceasefire in Syria is already broken: Shelling …"
    → either side of the colon, unless what follows it is a short attribution ("…: doctor",
    "…: poll"), which the statement needs; "Migrant arrests … rose in June to 188,000, topping 1M …" → the
    part before the comma.
    """
    forms = []
    for k, piece in enumerate(_statements(title)):
        piece = piece.rstrip(" .")
        if k and _BACK_REFERENCE.search(outside_quotations(piece)):
            continue  # a later sentence that points back into the first
        forms.append(piece)
        # "… stop living in fear: doctor": the tail says who claims it; no cut may drop it.
        attributed = re.search(r":\s+(?:\S+\s*){1,3}$", piece) is not None
        for m in () if attributed else _HEAD_BREAK.finditer(piece):
            forms.append(piece[: m.start()].rstrip(" ,"))
        for m in re.finditer(_SIDE_BREAK, piece):
            forms.append(piece[m.end():])
    return [
        f for f in dict.fromkeys(forms)
        if f != title and 6 <= len(f.split()) <= MAX_HEADLINE_WORDS and f[:1].isupper()
        and f.split()[0].lower() not in _CONNECTIVE and quote_balance(f) == 0
    ]


_MENU_LABEL = re.compile(
    r"^(?:Hauptmen(?:ü|ue)|Men(?:ü|u)|Main menu|Navigation|Hauptnavigation|Startseite|Home(?:page)?|"
    r"Skip to (?:main )?content|Zum Inhalt springen|Inhalt|Content|Suche|Search|Sitemap)$",
    re.I,
)


def choose_headline(articles: list[Article]) -> str:
    """The most representative, non-clickbait source headline, cleaned: one statement of at most
    :data:`MAX_HEADLINE_WORDS` words when the sources allow.

    A teaser of two sentences or an over-long headline competes through the one-statement forms
    inside it (:func:`_shorter_forms`), so a story whose every headline is long still gets a short one.

    Args:
        articles: the story's articles.

    Returns:
        A headline (falls back to the first words of the first sentence that can stand on a page when no
        article has a title).
    """
    # A "title" of three or more "|" is the page's navigation bar ("| Samstag, … Willkommen Gast | RSS |
    # Hauptseite | Blog | Login | …"), and a site's menu label ("Hauptmenü", "Main menu") is no headline either.
    titles = [clean_headline(a.title, a.url, a.outlet) for a in articles
              if a.title and a.title.strip() and a.title.count("|") < 3 and not _MENU_LABEL.match(a.title.strip())]
    if not titles:
        # the first sentence that reports: not "Submit your letter to the editor via this form." above readers' letters
        sentences = split_sentences(articles[0].text) if articles else []
        first = next((t for t in sentences if usable(t)), sentences[0] if sentences else "")
        return " ".join(first.rstrip(" .").split()[:12]) or "Untitled story"
    bag: Counter[str] = Counter()
    text_stems = [stems(a.text[:1500]) for a in articles]
    for s in [stems(t) for t in titles] + text_stems:
        bag.update(s)
    derived = set()  # scored on the sources' own headlines' words, not counted into them
    for t in list(titles):
        if len(t.split()) > MAX_HEADLINE_WORDS or len(_statements(t)) > 1:
            for form in _shorter_forms(t):
                if form not in titles:
                    titles.append(form)
                    derived.add(form)
    all_stems = [stems(t) for t in titles]

    def score(i: int) -> float:
        t = titles[i]
        words = len(t.split())
        value = sum(bag[s] for s in all_stems[i]) / max(1, len(all_stems[i])) ** 0.5
        if t.endswith(("?", "!")) or _CLICKBAIT.search(t) or in_own_voice(_SINGLE_QUOTED.sub(" ", t)):
            value -= 5
        if words > MAX_HEADLINE_WORDS or len(_statements(t)) > 1:
            value -= 6  # a teaser or a paragraph, not a headline
        elif words < 4:
            value -= 2
        if t in derived:
            value -= 1  # a source's own whole headline reads best when it fits
        if t.isupper():
            value -= 3
        return value

    best = max(range(len(titles)), key=lambda i: (score(i), -i))
    return _recased(titles[best], " ".join(a.text for a in articles))


def _recased(headline: str, text: str) -> str:
    """An all-capitals headline ("ATLANTIS PARADISE ISLAND AND DOLPHIN CAY DONATES MEDICAL SUPPLIES TO
    BAARK") written the way the text writes its words ("Atlantis Paradise Island and Dolphin Cay donates
    medical supplies to Baark"); a word the text does not use stays in capitals when it is short
    enough to be an acronym, and is written in lower case when not."""
    letters = [c for c in headline if c.isalpha()]
    if len(headline.split()) < 4 or not letters or sum(c.isupper() for c in letters) < 0.9 * len(letters):
        return headline
    forms: dict[str, Counter[str]] = {}
    for m in re.finditer(r"[^\W\d_][\w’'-]*", text):
        word = m.group()
        # a capital that only opens a sentence says nothing of how the word is written
        if word[:1].isupper() and not word.isupper() and re.search(r"(?:^|[.!?:]\s+|\n\s*)$", text[max(0, m.start() - 3):m.start()]):
            continue
        forms.setdefault(word.lower(), Counter())[word] += 1
    out = []
    for i, word in enumerate(headline.split()):
        core = word.strip(".,:;!?\"“”‘’'()")
        known = forms.get(core.lower())
        if known:
            form = known.most_common(1)[0][0]
            if i == 0:
                form = form[:1].upper() + form[1:]
            word = word.replace(core, form, 1)
        elif len(core) >= 6 and core.isalpha():  # no acronym: "DONATES" where the text says "donated"
            word = word.replace(core, core.capitalize() if i == 0 else core.lower(), 1)
        out.append(word)
    return " ".join(out)


def key_entities(articles: list[Article], limit: int = 3) -> list[str]:
    """The entities most often named across the story's titles and leads.

    A one-word "entity" that the texts also use as a common word is a capitalised headline word the
    recogniser misread ("Woman attacks female inspector …", "Where and How to Buy an RTX 3080"): a
    name is not written in lower case ("the woman", "buy").
    """
    counts: Counter[str] = Counter()
    for a in articles:
        lead = a.text[:1200]
        for e in extract_entities(f"{a.title}. {lead}"):
            # a name the text uses too: a title-case headline read as one ("Amazon Liable for Defective
            # Third-Party Products Rules CA Appellate Court", "Measure Your Body Fat Percentage") is not
            if len(e) > 2 and not e.isupper() and len(e.split()) <= 4 and e in lead:
                counts[e] += 1
    lower_words = {w for a in articles for w in re.findall(r"(?<![\w.])[a-z][a-z’'-]+", a.text)}
    texts = " ".join(a.text for a in articles)
    return [e for e, _ in counts.most_common()
            if (" " in e or e.lower() not in lower_words) and e.lower() not in _PAGE_LABELS
            and not _opening_participle(e, texts)][:limit]


def _opening_participle(entity: str, text: str) -> bool:
    """True for a one-word "entity" ending in -ing that the text capitalises only where a sentence
    starts: "Calling the return to school the litmus test, the Ministry said …" gave an image alt
    "coverage of Jameel Springer, Calling" (an eval page, session 16)."""
    if " " in entity or not entity.endswith("ing"):
        return False
    uses = [m.start() for m in re.finditer(rf"\b{re.escape(entity)}\b", text)]
    return bool(uses) and all(i == 0 or re.search(r"[.!?:;\n“\"]\s*$", text[max(0, i - 3):i]) for i in uses)


# A page's labels, capitalised before a colon ("Image: …", "Note: …"), never what a story is about.
_PAGE_LABELS = frozenset(
    "image images photo photos picture video note notes source sources credit credits update updated posted editor "
    "advertisement anzeige foto bild quelle hinweis share comments comment read more related tags".split()
)


_NOT_PLACE_ENDINGS = frozenset(
    "Times Post Journal News Party Congress Senate House Court Department Ministry Council Group "
    "Inc Corp Company Bank Association Union Committee Democrats Republicans Democrat Republican "
    "Administration Campaign Office Agency".split()
)


# A run of capitalised words after "in" that starts with one of these names a person or an office.
_TITLES = frozenset(
    "President Vice Prime Premier Sen Senator Rep Representative Gov Governor Mayor Judge Justice Secretary "
    "Minister Chancellor General Gen Mr Mrs Ms Dr Pope King Queen Prince Princess Sgt Lt Col Capt Chief Speaker "
    "Leader Director Commissioner Attorney Former Sheriff Officer Agent Coach Lord Lady Sir Dame Saint".split()
)
_MONTHS_AND_DAYS = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
# Not before an apostrophe: "in Harris’ office" names a person's office, not a place.
_IN_PLACE = re.compile(r"\bin ((?:[A-Z][a-z]+)(?: [A-Z][a-z]+){0,2})\b(?![ \-][A-Z])(?!['’])")


def story_place(articles: list[Article], language: str = "en") -> str | None:
    """A place named as "in <Place>" in the leads that at least two sources name, if any.

    One outlet's "in Lubbock" is a detail of its own report; the story's place is one its
    sources share (named anywhere in their titles and leads; a single-source story takes its
    one source's). "in President Joe Biden's first step" names a person: runs that start with a
    title, end in a possessive or are a month or weekday do not count. With spaCy, the place
    must be one its entity recogniser calls a place where the sources say "in …" ("written in
    Rust" names a language). Only English sources are read this way: German capitalises every
    noun ("in Duschkabinen", "in Ihrem Profil"), so other languages give no place.
    """
    if language != "en":
        return None
    mentions: Counter[str] = Counter()
    for a in articles:
        for m in _IN_PLACE.finditer(a.text[:1500]):
            words = m.group(1).split()
            if words[0] in {"The", "A", "An"} or words[0] in _TITLES or words[-1] in _NOT_PLACE_ENDINGS:
                continue
            if len(words) == 1 and is_nationality(words[0]):
                continue  # "in Chinese", "in Dutch": a people or a language, not a place
            if m.group(1) not in _MONTHS_AND_DAYS:
                mentions[m.group(1)] += 1
    if not mentions:
        return None
    leads = [f"{a.title}\n{a.text[:1500]}" for a in articles]
    support = {p: sum(1 for lead in leads if re.search(rf"\b{re.escape(p)}\b", lead)) for p in mentions}
    needed = min(2, len({a.outlet for a in articles}))
    shared = [p for p, n in support.items() if n >= needed]
    for place in sorted(shared, key=lambda p: (mentions[p], support[p], p), reverse=True)[:3]:
        if _named_as_place(place, articles):
            return place
    return None


def _named_as_place(place: str, articles: list[Article]) -> bool:
    """Whether spaCy calls ``place`` a place in the first sentence that says "in <place>" (True without spaCy)."""
    if not spacy_available():
        return True
    pattern = re.compile(rf"\bin {re.escape(place)}\b")
    for a in articles:
        sentence = next((s for s in split_sentences(a.text[:1500]) if pattern.search(s)), None)
        if sentence is not None:
            return place.lower() in extract_entities_by_kind([sentence])[0]["place"]
    return False


# A generated alt text says what the picture goes with, in the story's language.
_ALT_PREFIX = {
    "en": "Image accompanying coverage of", "de": "Bild zum Bericht:", "es": "Imagen del artículo:",
    "fr": "Image de l’article :", "it": "Immagine dell’articolo:", "nl": "Afbeelding bij het artikel:",
    "pt": "Imagem da reportagem:",
}


def _names_a_place(names: list[str]) -> bool:
    """Whether spaCy reads any of ``names`` as a place (False without spaCy)."""
    if not names or not spacy_available():
        return False
    places = extract_entities_by_kind([", ".join(names)])[0]["place"]
    return any(n.lower() in places for n in names)


_NOT_GIVEN = object()


def choose_image(articles: list[Article], headline: str, language: str = "en", *,
                 entities: list[str] | None = None, place: str | None | object = _NOT_GIVEN) -> Image | None:
    """Hero image from a source that has one; alt from its alt text, else built from entities.

    Args:
        articles: the story's articles (sources with an ``image_alt`` are preferred).
        headline: the story headline, used when no entity is found and for sources not in
            English (whose names an English entity recogniser misreads: "Sie", "Erfahre").
        language: the story's language (ISO 639-1).
        entities, place: :func:`key_entities` and :func:`story_place` of ``articles`` when the
            caller has them already (the place asks spaCy); computed here otherwise.

    Returns:
        An :class:`Image`, or None when no article has an image.
    """
    with_image = [a for a in articles if a.image_url]
    if not with_image:
        return None
    with_image.sort(key=lambda a: (not a.image_alt, a.published))
    chosen = with_image[0]
    alt = (chosen.image_alt or "").strip()
    if not alt and language != "en":
        alt = f"{_ALT_PREFIX.get(language, _ALT_PREFIX['en'])} {headline}"
    elif not alt:
        # a people ("British", "Chinese") is no subject of a picture
        names = key_entities(articles) if entities is None else entities
        entities = [e for e in names if " " in e or not is_nationality(e)]
        if place is _NOT_GIVEN:
            place = story_place(articles)
        subject = ", ".join(entities[:2]) if entities else headline
        alt = f"{_ALT_PREFIX['en']} {subject}"
        if place and place not in subject and not _names_a_place(entities[:2]):
            alt += f" in {place}"  # not "coverage of Democratic Party, Iowa in New Hampshire"
    credit = chosen.image_credit or chosen.outlet
    return Image(url=chosen.image_url, alt=alt, credit=credit)
