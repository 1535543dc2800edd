"""German quotes: „…“ / »…« marks, the say verb after the quote, role before the name.

All sentences are made up for these tests. A German name starts at a given name (the name list of
``nomquamgender``, installed with the models); every noun is capitalised, so without it
"Teamchef Jonas Brandt" could not be told from a three-word name.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from newsdesk.models import Article
from newsdesk.write import choose_pull_quote
from newsdesk.write.names import given_names
from newsdesk.write.quotes import extract_quotes

pytestmark = pytest.mark.skipif(
    not given_names(), reason="the given-name list (nomquamgender, requirements/models.txt) is not installed"
)


def one_article(text: str) -> Article:
    return Article(id=1, url="https://example.de/a", title="Titel", text=text,
                   published=datetime(2026, 11, 2), outlet="Beispielblatt", language="de")


@pytest.mark.parametrize(
    "sentence, speaker, role",
    [
        ("„Die Hallen sind seit Wochen voll“, sagte Teamchef Jonas Brandt am Montag.", "Jonas Brandt", "Teamchef"),
        ("„Wir rechnen mit weniger Geschäften“, sagte HDE-Präsident Alexander von Preen der Zeitung.",
         "Alexander von Preen", "HDE-Präsident"),
        ("„Die Brücke wird im Mai gesperrt“, erklärt Carola Winter, Leiterin des Straßenbauamts Nordhafen.",
         "Carola Winter", "Leiterin des Straßenbauamts Nordhafen"),
        ("„Viele Autos verraten nicht, wie viel Öl fehlt“, so der Auto-Experte Markus Feld vom Prüfverein Süd.",
         "Markus Feld", "Auto-Experte vom Prüfverein Süd"),
        ("„Der Arbeitsmarkt ist gut gestartet“, sagte der Vorstand Regionen der Arbeitsagentur, Daniel Roth.",
         "Daniel Roth", "Vorstand Regionen der Arbeitsagentur"),
        ("»Das Wasser ist sauber«, meint Anna Keller von Blaue Seen.", "Anna Keller", "Blaue Seen"),
        ("«Er hat das wirklich gut gemacht», findet Trainerin Petra Ruf.", "Petra Ruf", "Trainerin"),
        ("Sabine Grell sagt: „Der Verein bleibt in der Stadt.“", "Sabine Grell", None),
        ("„Wir danken allen Helfern im Einsatz“, fügte Dr. Karsten Vogel hinzu.", "Karsten Vogel", None),
        ("„Die Preise explodieren“, sagte unsere Vorsitzende Maria Lenz.", "Maria Lenz", "Vorsitzende"),
    ],
)
def test_german_speaker_and_role(sentence, speaker, role):
    q = extract_quotes(sentence)[0]
    assert (q.speaker, q.role, q.attribution) == (speaker, role, "named")


@pytest.mark.parametrize(
    "sentence",
    [
        "„Hier fühle ich mich sicher“, sagt die 27-jährige.",  # no name
        "„Eine Lösung ist nicht geplant“, sagte eine Bahn-Sprecherin dem Reiseblog.",  # anonymous
        "„Das Hotel ist einzigartig“, sagen die Gastgeber Teresa Moser und Stefan Hofer.",  # two speakers
        "„Wir sind bereit“, sagte Thomas der Zeitung.",  # no "Thomas der Zeitung"
        "„Wir sind bereit“, sagte Anna zu Journalisten.",  # a given name alone names no one
        '"We will see what happens next week," so Tom Jones left the room.',  # English "so"
    ],
)
def test_no_named_speaker(sentence):
    assert not any(q.named for q in extract_quotes(sentence))


def test_family_name_is_completed_from_the_article_with_its_role():
    text = ("Der Landwirt Thomas Göbel fährt jeden Morgen in den Wald. "
            "„Dieses Holz ist sehr frisch und muss drei Jahre lagern“, erklärt Göbel.")
    q = extract_quotes(text)[-1]
    assert (q.speaker, q.role, q.attribution) == ("Thomas Göbel", "Landwirt", "surname")


def test_family_name_without_a_full_name_is_no_pull_quote():
    text = "„Das Team hat sich in vielen Bereichen toll entwickelt“, meinte Torgersen nach dem Rennen."
    q = extract_quotes(text)[0]
    assert (q.speaker, q.attribution) == ("Torgersen", "partial")
    assert choose_pull_quote([one_article(text)]) is None


def test_role_of_another_person_is_not_taken():
    text = ("Für das Magazin hat Autorin Charlotte Ebert den Aktivisten Tobias Kramer getroffen. "
            "„Ohne uns wäre hier schon eine Autobahn“, sagt Kramer.")
    q = extract_quotes(text)[-1]
    assert q.speaker == "Tobias Kramer"
    assert q.role is None or "Charlotte" not in q.role


def test_pronoun_takes_the_one_person_of_the_sentence_before():
    text = ("Bürgermeisterin Helga Brandl eröffnete die Brücke am Morgen. "
            "„Das war ein langer Weg für alle Beteiligten“, sagte sie.")
    q = extract_quotes(text)[-1]
    assert (q.speaker, q.attribution) == ("Helga Brandl", "pronoun")
    assert choose_pull_quote([one_article(text)]) is None  # context-resolved: never a pull quote


def test_german_pull_quote_names_speaker_and_role():
    text = ("Der Stadtrat hat den Bau der neuen Schwimmhalle beschlossen. "
            "„Wir haben zehn Jahre auf diesen Tag gewartet“, sagte Sportdezernentin Ilka Sommer nach der Abstimmung.")
    pull = choose_pull_quote([one_article(text)])
    assert pull is not None
    assert (pull.text, pull.speaker, pull.role) == (
        "Wir haben zehn Jahre auf diesen Tag gewartet", "Ilka Sommer", "Sportdezernentin")


def test_a_quote_printed_twice_is_by_the_speaker_of_its_attributed_copy():
    # the heading on its own line, right after another speaker's quote: read as that speaker going on
    text = ("„Wir stellen zwanzig Leute ein“, sagte Firmenchef Matthias Reiter.\n"
            "„Es darf sich nicht die ganze Belegschaft anstecken“\n"
            "Der Betrieb misst seit März bei allen Mitarbeitern Fieber. "
            "„Es darf sich nicht die ganze Belegschaft anstecken“, sagt Betriebsarzt Karsten Bauer.")
    quotes = [q for q in extract_quotes(text) if q.text.startswith("Es darf")]
    assert len(quotes) == 2
    assert {q.speaker for q in quotes} == {"Karsten Bauer"}


@pytest.mark.parametrize(
    "sentence, speakers",
    [
        ("„Das Team hat sich toll entwickelt“, meinte Trainer Tobias Torgersen, „Vor allem beim Schießen.“",
         ["Tobias Torgersen", "Tobias Torgersen"]),
    ],
)
def test_a_quote_split_by_its_attribution_keeps_its_speaker(sentence, speakers):
    assert [q.speaker for q in extract_quotes(sentence)] == speakers


def test_a_quote_that_stops_mid_sentence_is_no_pull_quote():
    text = ("Die Kanzlei widerspricht dem Bericht über den Verlag. „Falsch ist, dass unser Mandant die Anzeigen "
            "gestoppt und damit begründet hätte, dass“, sagte Andreas Keil, Anwalt der Kanzlei Hohner im Auftrag von "
            "„Nordblatt“, „die Zahlen schlecht seien.“")
    q = extract_quotes(text)[0]
    assert (q.speaker, q.role) == ("Andreas Keil", "Anwalt der Kanzlei Hohner im Auftrag")  # no dangling "von"
    assert choose_pull_quote([one_article(text)]) is None


def test_the_scanned_name_list_is_the_parsed_one():
    # the loader scans the 22 MB file entry by entry instead of parsing it whole: it must give the same names
    import json
    from importlib import metadata

    from newsdesk.write import attribution_de, names

    path = metadata.distribution("nomquamgender").locate_file("nomquamgender/name_data.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    parsed = {name for name, (sources, count, *_rest) in data.items()
              if sources >= names._MIN_SOURCES and count >= names._MIN_COUNT}
    assert given_names() == frozenset(parsed)
    assert {"torsten", "jacqueline", "ole", "kaiser"} <= given_names()
    # German nouns and places the list knows as given names are none in German text
    assert attribution_de.is_given_name("Torsten") and not attribution_de.is_given_name("Kaiser")


def test_a_family_name_before_someone_else_named_later_is_the_speaker():
    # "im Gespräch mit Moderatorin Anna Hallberg" names who they spoke to, not who spoke
    text = ("Deniz Kaya saß zwei Jahre im Gefängnis. „Ich wurde eingesperrt, weil ich meinen Job gemacht habe“, "
            "sagte Kaya im Gespräch mit Moderatorin Anna Hallberg.")
    q = extract_quotes(text)[-1]
    assert (q.speaker, q.attribution) == ("Deniz Kaya", "surname")
