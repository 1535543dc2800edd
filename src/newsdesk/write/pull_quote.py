"""The pull quote: a whole statement, verbatim in a source, whose own sentence names its speaker."""

from __future__ import annotations

from newsdesk.entities import normalise_entity
from newsdesk.models import Article, PullQuote
from newsdesk.text import normalize
from newsdesk.write.candidates import is_table_row, needs_antecedent
from newsdesk.write.quotes import Quote, extract_quotes, spelled_out_role

__all__ = ["choose_pull_quote"]


# A quote that stops on one of these goes on after its attribution: "Falsch ist, dass …, damit begründet hätte, dass".
# Not a preposition ("everything we stand for", "what the Court waits for"; German "… gehen wir an") nor "that"
# ("not to lose sight of that") or a German article ("Ich glaube das"): sentences end on those.
_OPEN_ENDINGS = frozenset(
    "dass weil und oder aber wenn ob sondern and or but because if whether than the a an".split()
)


def _cut_off(quote: str) -> bool:
    """True when a quote stops mid-sentence, on a conjunction or an article."""
    words = quote.rstrip(" ,;:–-").split()
    return bool(words) and words[-1].lower() in _OPEN_ENDINGS


def choose_pull_quote(articles: list[Article]) -> PullQuote | None:
    """The best direct quote with a named speaker, verbatim in a source; None if there is none.

    Prefers quotes that stand alone (not "Instead, he has decided …"), then quotes reported by
    several outlets, then quotes of 8–45 words, then earlier ones.
    """
    candidates: list[tuple[Quote, Article]] = []
    # an outlet reporting ("Metro Ledger said that …") is no speaker
    outlets = {normalise_entity(a.outlet) for a in articles if a.outlet}
    for article in articles:
        for q in extract_quotes(article.text):
            if q.speaker and normalise_entity(q.speaker) in outlets:
                continue
            # Only a speaker the quote's own sentence names: context-resolved ones may be wrong.
            # and a whole statement: "neither certified as an effective weight-loss aid …" is a fragment
            first = q.text.lstrip("“\"‘' ")[:1]
            # and never a cell of a table flattened into text (game dialogue, schedules)
            if (q.named and 6 <= q.word_count <= 60 and (first.isupper() or first.isdigit()) and not _cut_off(q.text)
                    and not is_table_row(q.sentence)):
                candidates.append((q, article))
    if not candidates:
        return None
    texts = [normalize(a.text) for a in articles]

    def score(item: tuple[Quote, Article]) -> tuple:
        q, article = item
        quoted = normalize(q.text.rstrip(",;: "))
        outlets = sum(1 for t in texts if quoted in t)
        fit = 1 if 8 <= q.word_count <= 45 else 0
        # a quote that stands alone beats one that opens mid-thought ("Instead, he has decided …")
        alone = not needs_antecedent(q.text.lstrip("“\"‘' "))
        return (alone, outlets, fit, bool(q.role), -candidates.index(item))

    q, article = max(candidates, key=score)
    text = q.text.strip().rstrip(",;:").strip()
    return PullQuote(text=text, speaker=q.speaker, role=spelled_out_role(q.role), article_url=article.url)
