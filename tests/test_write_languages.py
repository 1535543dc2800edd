"""Sources in other languages: each text is split by its own language's sentence rules, German and
French quotation marks count as quotations, and scripts without spaces or case still make a page.
The texts are invented for these tests."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from newsdesk.models import Article
from newsdesk.text import outside_quotations, quote_balance, sentence_language, split_sentences
from newsdesk.write import write_story
from newsdesk.write.candidates import usable
from test_write import all_sentences, assert_citations_valid

DAY = datetime(2026, 2, 2, 9)

GERMAN = (
    "- Der Rennstall Alvora stellt sein neues Formel-1-Auto erst nach dem ersten Test in Barcelona vor. "
    "Das Team bestätigte am Mittwoch, dass der neue Wagen am 27. Februar in Mailand präsentiert wird. "
    "Die Testfahrten finden vom 23. bis 25. Februar auf dem Circuit de Barcelona-Catalunya statt. "
    "„Wir wollen das Auto erst zeigen, wenn es fertig ist. Alles andere wäre ein Risiko“, sagte Teamchef Jonas Brandt.\n"
    "Alvora ist das siebte Team, das seine Pläne für die Saison bekannt gegeben hat. "
    "Im vergangenen Jahr belegte der Rennstall den 8. Platz in der Konstrukteurswertung."
)
GERMAN_2 = (
    "Der Rennstall Alvora zeigt seinen neuen Wagen am 27. Februar in Mailand, zwei Tage nach dem ersten Test. "
    "Die Testfahrten in Barcelona dauern vom 23. bis 25. Februar. "
    "Teamchef Jonas Brandt sagte, man wolle das Auto erst zeigen, wenn es fertig sei. "
    "Der Rennstall hatte die vergangene Saison auf dem 8. Platz der Konstrukteurswertung beendet."
)


def articles(*texts: str, titles: tuple[str, ...] = ()) -> list[Article]:
    return [Article(id=i, url=f"https://o{i}.test/a", title=titles[i] if i < len(titles) else f"Bericht {i}",
                    text=t, published=DAY + timedelta(hours=i), outlet=f"Outlet {i}")
            for i, t in enumerate(texts)]


def test_german_text_is_split_by_german_rules():
    assert sentence_language(GERMAN) == "de"
    sentences = split_sentences(GERMAN)
    assert "Das Team bestätigte am Mittwoch, dass der neue Wagen am 27. Februar in Mailand präsentiert wird." in sentences
    assert "Im vergangenen Jahr belegte der Rennstall den 8. Platz in der Konstrukteurswertung." in sentences
    # a list item's marker is not part of the sentence, and the quotation stays whole
    assert sentences[0].startswith("Der Rennstall Alvora")
    assert any(s.startswith("„Wir wollen") and s.endswith("sagte Teamchef Jonas Brandt.") for s in sentences)
    assert not any(re.search(r"\b\d{1,2}\.$", s) for s in sentences)


@pytest.mark.parametrize("text", [
    "The council met on Tuesday. It voted 7-2 to extend the night buses.",  # too short to tell: English
    "Sen. Joe Manchin, D-W.Va., said on Jan. 5 that he would not back the bill. " * 4,
    "",
])
def test_english_and_short_texts_keep_the_english_rules(text):
    assert sentence_language(text) == "en"


@pytest.mark.parametrize("text, balance", [
    ("„Wir wollen das Auto zeigen“, sagte er.", 0),
    ("„Wir wollen das Auto zeigen.", 1),
    ("„Tak” – powiedział.", 0),
    ("Il a dit « nous allons gagner ».", 0),
    ("Il a dit « nous allons gagner.", 1),
    ("Er las »Die Blechtrommel« zu Ende.", 0),
    ("“Yes,” she said.", 0),
    ("“Yes, she said.", 1),
])
def test_quote_balance_knows_other_languages_quotation_marks(text, balance):
    assert quote_balance(text) == balance


def test_outside_quotations_drops_german_and_french_quotations():
    assert outside_quotations("Er sagte „ich komme“ und sie « oui ».").split() == ["Er", "sagte", "und", "sie", "."]


def test_german_story_page_has_whole_sentences_with_valid_citations():
    story = articles(GERMAN, GERMAN_2, titles=("Alvora zeigt neues Auto erst nach dem Test",
                                                "Alvora präsentiert Wagen am 27. Februar"))
    doc = write_story("alvora", story)
    sentences = [s.text for s in all_sentences(doc)]
    assert sentences
    assert not any(re.search(r"\b\d{1,2}\.[“”\"]?$", s) for s in sentences), sentences  # no "… am 27." cut
    assert not any(s.startswith("- ") for s in sentences)
    assert not doc.dek.startswith("-")
    assert_citations_valid(doc, story)


CHINESE = ("港口工人罢工进入第二天，货物装卸全面停止。市政府表示将于周三与工会重新谈判。"
           "工会要求提高工资并改善夜班安全条件。据港务局统计，已有四十艘货船在港外等候。")
CHINESE_2 = ("港口罢工已持续两天，四十艘货船在港外等候。工会要求提高工资，市政府将于周三重新谈判。"
             "港务局表示，若罢工持续，本周的货运量将减少一半。")


def test_sentences_in_a_script_without_spaces_or_case_are_usable():
    assert usable("港口工人罢工进入第二天，货物装卸全面停止。")
    assert usable("Портовые рабочие бастуют второй день подряд, погрузка остановлена.")
    assert not usable("THE COUNCIL MEETS ON TUESDAY AT NINE.")
    assert not usable("港口罢工")  # too short


@pytest.mark.parametrize("sentence, expected", [
    ("ederal laws imposing a minimum age of 21 to purchase handguns violate the Second Amendment.", False),
    ("attack on the Capitol by his supporters, the committee said on Tuesday.", False),
    ("| Competitor Mode Enable this setting to face a more challenging opponent in every match.", False),
    ("Mode | Setting | Effect on the opponent | Default value in the game menu.", False),
    ("iPhone sales rose 12 percent in the quarter to September, the company said.", True),
    ("de Blasio announced the plan for the night buses on Tuesday morning.", True),
    ("al-Sadr called on his followers to leave the streets by Friday.", True),
    ("van der Berg said the council would vote on the budget next week.", True),
    ("“a threat to democracy,” the mayor said of the bill on Tuesday.", True),
    ("The council approved the 12 million euro transport budget on Tuesday.", True),
])
def test_fragments_and_table_rows_are_not_sentences(sentence, expected):
    assert usable(sentence) is expected


def test_chinese_story_gets_a_page():
    story = articles(CHINESE, CHINESE_2, titles=("港口罢工进入第二天", "港口罢工持续"))
    doc = write_story("port-strike-zh", story)
    assert doc.summary
    assert_citations_valid(doc, story)


def test_a_piece_starting_with_fullwidth_punctuation_joins_the_sentence_before():
    text = ("1997年由经纪公司发行英语专辑在新加坡正式出道，首支单曲登上排行榜第二名。；12月在新加坡发行第二张英语专辑。"
            "1975年出生于新加坡，家里有一个姐姐。她在新加坡长大并在那里完成了全部学业，后来考入理工学院。")
    sentences = split_sentences(text)
    assert not any(s.startswith(("；", "，", "：")) for s in sentences), sentences
    assert all(s in text for s in sentences)


@pytest.mark.parametrize("sentence, needs", [
    ("Womit allein schon deshalb dieser von Pence gefeierte Deal nicht einmal als Camouflage taugt.", True),
    ("Indem der Rückzugsbefehl umgehend gestoppt worden wäre, hätte man die Lage beruhigt.", True),
    ("Aber die Regierung lehnte den Vorschlag am Mittwoch ab.", True),
    ("Mais le gouvernement a refusé la proposition mercredi.", True),
    ("Sin embargo, el fiscal dijo que no habría cargos.", True),
    ("Der Bundespräsident würdigte das ehrenamtliche Engagement der jungen Menschen.", False),
    ("Ma Ying-jeou said on Tuesday that he would visit the island.", False),  # a name, not Italian "Ma"
    ("Daher County officials met on Tuesday to count the ballots.", False),
])
def test_other_languages_openers_that_carry_on_need_the_sentence_before(sentence, needs):
    from newsdesk.write.candidates import needs_antecedent

    assert needs_antecedent(sentence) is needs


@pytest.mark.parametrize("sentence, own", [
    ("Okay, wenn es regnet oder schneit, bleibe ich drinnen.", True),
    ("Wir haben das neue Auto am Mittwoch in Mailand gesehen.", True),
    ("Der Bundespräsident würdigte das ehrenamtliche Engagement der jungen Menschen.", False),
    ("Hitler wrote Mein Kampf in prison in 1924.", False),
    ("The Wir bank in Switzerland grew its lending last year.", False),
    ("Russian President Vladi\u00admir Putin spoke at a forum on Wednesday.", False),  # a soft hyphen, not "mir"
    # the reader addressed (session 11): "du", "euch", French "vous", and the writer's French "je", "nous"
    ("Mit diesem Button kannst Du diese Episode einer Liste hinzufügen.", True),
    ("Es liegt letztlich an euch, was ihr aus den Vorhersagen macht.", True),
    ("Nous avons visité le chantier mercredi.", True),
    ("Vous pouvez télécharger le rapport en ligne.", True),
    ("W. E. B. Du Bois founded the journal in 1910.", False),
    ("The du Pont family sold its stake on Tuesday.", False),
    ("Le gouvernement a refusé la proposition mercredi.", False),
    # the reader addressed formally (session 12): an imperative or condition on "Sie", "Ihr…" inside a sentence
    ("Beachten Sie die Hinweise zur Einreise auf der Seite des Ministeriums.", True),
    ("Wohnen Sie in einer lauten Wohnung, kann eine Vorsatzschale helfen.", True),
    ("Bitte überprüfen Sie die Richtigkeit der Adresse.", True),
    ("Die Bank erstattet die Gebühren, wenn Sie rechtzeitig kündigen.", True),
    ("Nehmen Sie Ihre Tochter mit in den Supermarkt.", True),
    ("Sie sagte am Montag, die Brücke bleibe bis Mai gesperrt.", False),  # "she said"
    ("Die Ministerin stellte ihre Pläne vor, die sie im Mai umsetzen will.", False),
    ("„Sie haben uns im Stich gelassen“, sagte der Bürgermeister.", False),  # quoted, not the writer
])
def test_german_first_person_is_the_writers_voice(sentence, own):
    from newsdesk.text import in_own_voice

    assert in_own_voice(sentence) is own


def test_a_german_story_gets_german_section_headings_and_its_language():
    from newsdesk.write.sections import HEADINGS, NEUTRAL_BY_LANGUAGE

    story = articles(GERMAN, GERMAN_2, titles=("Alvora zeigt neues Auto erst nach dem Test",
                                                "Alvora präsentiert Wagen am 27. Februar"))
    doc = write_story("alvora", story)
    assert doc.language == "de"
    assert len(doc.sections) >= 2
    german = {h.split("{")[0] for h in HEADINGS["de"].values()} | set(NEUTRAL_BY_LANGUAGE["de"])
    english = {h.split("{")[0] for h in HEADINGS["en"].values()} | set(NEUTRAL_BY_LANGUAGE["en"])
    for section in doc.sections:
        assert any(section.heading.startswith(g) for g in german), section.heading
        assert not any(section.heading.startswith(e) for e in english), section.heading


def test_every_language_has_every_heading_and_four_neutral_ones():
    from newsdesk.write.sections import HEADINGS, NEUTRAL_BY_LANGUAGE, heading_text

    for language, table in HEADINGS.items():
        assert table.keys() == HEADINGS["en"].keys(), language
        assert len(set(NEUTRAL_BY_LANGUAGE[language])) == 4
        assert "Mailand" in heading_text("happened_in", language, place="Mailand")
        two = heading_text("two_say", language, a="Brandt", b="Meyer")
        assert "Brandt" in two and "Meyer" in two and "{" not in two
    assert heading_text("happened", "fi") == "What happened"  # a language without a table: English


def test_an_english_story_is_english():
    from newsdesk.write import story_language

    doc = write_story("alvora-en", [Article(id=1, url="https://o.test/en", title="Team shows car late",
                                            text=("The Alvora team will show its new car in Milan on February 27. "
                                                  "Testing runs in Barcelona from February 23 to 25, the team said."),
                                            published=DAY, outlet="Outlet")])
    assert doc.language == "en"
    assert story_language(articles(GERMAN, GERMAN_2)) == "de"
    mixed = articles(GERMAN) + [Article(id=9, url="https://x.test/1", title="t", text="The team said so on Monday.",
                                        published=DAY, outlet="X", language="en")]
    assert story_language(mixed + mixed[1:]) == "en"


def test_a_text_clearly_in_german_is_german_whatever_its_page_declares():
    """A template's ``lang="en"`` on a German post gave English headings to a German page (session 11)."""
    story = [a.model_copy(update={"language": "en"}) for a in articles(
        GERMAN, GERMAN_2, titles=("Alvora zeigt neues Auto erst nach dem Test", "Alvora präsentiert Wagen am 27. Februar"))]
    assert write_story("alvora", story).language == "de"
    # a text too short to tell keeps the declared language
    short = [a.model_copy(update={"language": "fr", "text": "Le conseil a voté mardi."}) for a in articles("x")]
    from newsdesk.write import story_language

    assert story_language(short) == "fr"


@pytest.mark.parametrize("sentence, needs", [
    # Spanish, Portuguese, French and Italian openers that carry on, and a demonstrative before a noun
    ("Por ello, su opción de clasificar a la Champions League es complicada.", True),
    ("Ahora bien, como se mencionó, el predio se encuentra dentro del área protegida.", True),
    ("A su vez, el producto detectado fue el glifosato.", True),
    ("Par ailleurs, la pondération entre les formes est très différente.", True),
    ("Por isso, seus recentes movimentos são calculados.", True),
    ("Inoltre, solo il 50% dei nati sopravvive al primo anno.", True),
    ("Estas medidas son sólo algunas de las que deben bajarse a tierra.", True),
    ("Cette décision a été prise sans consultation.", True),
    ("A él se sumará la prueba Aprender de Nación.", True),
    ("Para ele, restrições a indulto deveriam ocorrer somente para casos de corrupção.", True),
    # a say verb whose subject the sentence before named (Spanish and Portuguese leave it out)
    ("Admitió que el proceso es complejo y que todavía están en pañales.", True),
    ("Afirmou que as eleições não podem ser usadas para arroubos antidemocráticos.", True),
    # a time that counts from today, and a sentence that names its subject
    ("Este año serán evaluados en Lengua.", False),
    ("Cette semaine, le gouvernement a présenté son budget.", False),
    ("Esta vez el gobierno no cedió.", False),
    ("El Ministerio de Educación publicó el calendario escolar.", False),
    ("Porto Alegre recebeu o encontro na segunda-feira.", False),
    # an item of a list the sentence before announced (Spanish eval pages, session 17)
    ("Lo otro tiene que ver con las correrías por la ciudad de la esposa de Gustavo Petro.", True),
    ("La primera tiene que ver con el lugar donde se encuentra el vehículo.", True),
    ("El segundo, es el inconveniente más común.", True),
    ("El primer ministro anunció el martes nuevas medidas.", False),
    ("La primera dama visitó el hospital el lunes.", False),
])
def test_spanish_portuguese_french_italian_openers_that_carry_on_need_the_sentence_before(sentence, needs):
    from newsdesk.write.candidates import needs_antecedent

    assert needs_antecedent(sentence) is needs


@pytest.mark.parametrize("sentence, own", [
    ("Si deseas verlo por tu celular, tablet o laptop, también puedes sintonizar a través de Star Plus.", True),
    ("De todos modos, te dejamos la guía de canales en los distintos países del mundo.", True),
    ("Revisa el cronograma según la escala magisterial.", True),
    ("A você que chegou até aqui, agradecemos muito por valorizar nosso conteúdo.", True),
    ("Saiba mais.", True),
    ("Cliquez sur chaque finalité de cookies ci-dessous pour activer leur dépôt.", True),
    ("Nuestras madres tienen la capacidad de hacer mil cosas.", True),
    # "tu" (here) and "te" (these) in Polish; a French verb "tue"; a name after "Te"
    ("Mamy tu podobny klimat jak w Vermont, gdzie powstają znakomite wina.", False),
    ("W Polsce rozwiązania te reguluje Kodeks Pracy.", False),
    ("La sélection promue en haut lieu tue cette diversité.", False),
    ("The Te Papa museum in Wellington reopened on Monday.", False),
    ("El Ministerio de Educación publicó el calendario escolar.", False),
])
def test_spanish_portuguese_french_italian_reader_address_is_the_writers_voice(sentence, own):
    from newsdesk.text import in_own_voice

    assert in_own_voice(sentence) is own


@pytest.mark.parametrize("sentence, needs", [
    # a short opening phrase, then a personal pronoun; "the latter" as a pronoun
    ("Depuis, il a rejoint les rangs de LREM.", True),
    ("Em 2021, ele foi eleito presidente do Senado com 57 votos.", True),
    ("Plus tôt, ce dernier s'était excusé publiquement devant les députés.", True),
    ("C’est à la tête de cette dernière qu’elle s’est permis quelques écarts.", True),
    ("Lo cierto es que, más allá de esta última etapa de la reestructuración, todo sigue.", False),
    ("En 1956, Ella Fitzgerald enregistre son premier album chez Verve.", False),
])
def test_a_pronoun_after_an_opening_phrase_or_the_latter_needs_the_sentence_before(sentence, needs):
    from newsdesk.write.candidates import needs_antecedent

    assert needs_antecedent(sentence) is needs


@pytest.mark.parametrize("sentence, own", [
    ("Deux ans et demi après l’élection, prenons le temps de revenir sur les déboires de la Macronie.", True),
    ("Les statistiques indiquent que le classement de notre pays est au-dessous de la moyenne.", True),
    ("The judge taught at Notre Dame for years before her nomination.", False),
])
def test_the_french_writers_our_and_let_us_are_the_writers_voice(sentence, own):
    from newsdesk.text import in_own_voice

    assert in_own_voice(sentence) is own


@pytest.mark.parametrize("sentence, expected", [
    ("7- renforcer la dynamique économique des femmes rurales tout en améliorant leur situation.", False),
    ("Article mis à jour le 7 janvier 2020.", False),
    ("Le parquet de Paris a ouvert jeudi une enquête préliminaire sur les emplois.", True),
    ("2019 was the year the council finally voted to close the old harbour.", True),
])
def test_numbered_list_items_and_update_notes_are_not_candidates(sentence, expected):
    from newsdesk.write.candidates import usable

    assert usable(sentence) is expected


@pytest.mark.parametrize("sentence, own", [
    ("Gib den Teig in die Springform und streiche ihn glatt.", True),
    # "mein" in lower case is the writer's own (a blog post on the eval pages, session 17)
    ("Eifrig am Verhandeln, auf der Suche nach dem besten Angebot für das Objekt meiner Träume.", True),
    ("Berechne die Masse eines Glasquaders mit a = 4 cm.", True),
    ("Achte auf eine gute Selbstfürsorge.", True),
    # nouns that open reports, and a verb with its subject
    ("Frage 1: Assistenz-Systeme helfen bei der täglichen Arbeit.", False),
    ("Sorge um deutsch-französische Freundschaft wächst in der Grenzregion.", False),
    ("Lass es sich der Verein nicht nehmen, sagte der Trainer am Montag.", False),
])
def test_german_imperatives_to_the_reader_are_the_writers_voice(sentence, own):
    from newsdesk.text import in_own_voice

    assert in_own_voice(sentence) is own


@pytest.mark.parametrize("sentence, expected", [
    ("16. Sich selber aus der Komfortzone locken und etwas tun, vor dem man sich drückt.", False),
    ("2. The council voted on the new harbor plan on Tuesday night.", False),
    ("Dieser Artikel erschien zuerst in der EMOTION 10/22 und wurde gekürzt.", False),
    ("This article originally appeared on VICE US and was updated.", False),
    ("16. März 2020 war ein Montag, an dem die Schulen im ganzen Land schlossen.", True),
    ("1945 was the year the war ended in Europe and in Asia.", True),
    # what a removed link left, a login form's prompt (German eval pages, session 17)
    (", die das kommende Apple-Handy komplett ohne Display-Kerbe am oberen Bildschirmrand zeigen.", False),
    ("In einen existierenden Account Zum Login oder einen neuen Account Registrieren.", False),
    ("Der Verein will neue Mitglieder registrieren und hat dafür ein Formular eingerichtet.", True),
])
def test_listicle_items_and_first_appeared_notes_are_not_candidates(sentence, expected):
    from newsdesk.write.candidates import usable

    assert usable(sentence) is expected


def test_a_german_ordinal_after_an_article_ends_no_sentence():
    from newsdesk.text import split_sentences

    assert split_sentences("Jedenfalls fand heute vor 3 Jahren die 213. Sitzung des Bundestages statt. Sie war kurz.") == [
        "Jedenfalls fand heute vor 3 Jahren die 213. Sitzung des Bundestages statt.", "Sie war kurz."]
    assert split_sentences("Das Spiel endete 2:1. Die 12. Minute war entscheidend.") == [
        "Das Spiel endete 2:1.", "Die 12. Minute war entscheidend."]


@pytest.mark.parametrize("sentence, needs", [
    # German "Es" for a thing the sentence before named
    ("Es war der blutige Höhepunkt einer Anschlagsserie, die auf das Konto der Miliz geht.", True),
    ("Es sieht weiterhin die Abschöpfung von Strommarkterlösen vor.", True),
    ("Es beträgt in der Regel 70 Prozent des Bruttoverdienstes.", True),
    # the "Es" of "there is", of a later subject, of a clause or infinitive that follows
    ("Es gibt 27 cm Neuschnee auf der Zugspitze.", False),
    ("Es kam zu Ausschreitungen vor dem Stadion.", False),
    ("Es werden so einige Geheimnisse gelüftet.", False),
    ("Es folgten Verträge mit allen Bundestheatern.", False),  # a plural verb: its subject comes later
    ("Es ist wichtig, dass alle mitmachen.", False),
    ("Es ist heutzutage wirklich schwer, als neuer Autor in einen Verlag einzusteigen.", False),
    ("Es importante considerar que la discusión no acaba en septiembre.", False),
])
def test_german_es_for_a_thing_named_before_needs_the_sentence_before(sentence, needs):
    from newsdesk.write.candidates import needs_antecedent

    assert needs_antecedent(sentence) is needs


@pytest.mark.parametrize("sentence, reported", [
    ("Das Team sei keineswegs überrascht worden von dem Fall.", True),
    ("Solange man nicht wisse, was der Firma abhandengekommen sei, könne man es nicht beurteilen.", True),
    ("Es gebe derzeit keine Hinweise auf einen Angriff von außen.", True),
    # the speaker named in the sentence, an idiom, the indicative
    ("Rheinmetall erklärt auf Anfrage, dass die konzerneigene IT nicht gehackt worden sei.", False),
    ("Es gehe hier um eine Berufsgruppe, so Müller.", False),
    ("Laut Polizei sei der Fahrer sofort geflüchtet.", False),
    ("Der Umzug findet statt, es sei denn, es regnet.", False),
    ("Die Polizei ermittelt wegen schwerer Körperverletzung.", False),
])
def test_german_reported_speech_without_its_speaker(sentence, reported):
    from newsdesk.write.candidates import reported_without_speaker

    assert reported_without_speaker(sentence) is reported


def test_german_reported_speech_without_its_speaker_stays_with_the_sentence_that_names_the_speaker():
    """A German eval page's summary stated "Woher die Daten stammen, ist unklar." next to "Solange man nicht
    wisse, … könne man auch nicht beurteilen, …" and "Vielmehr sei ein externer Dienstleister betroffen
    gewesen." with no one saying so (session 17): the subjunctive marks another's claim."""
    text = ("Der Rüstungskonzern Alvora ist von einem Datenleck betroffen, mehr als 1000 interne Unterlagen "
            "kursieren im Netz. Ein Aktivist kaufte die 1400 Dateien und stellte sie zum Download bereit. "
            "Ein Konzernsprecher äußerte sich am Dienstag zu dem Fall in Düsseldorf. "
            "Die eigene IT sei nicht gehackt worden, betroffen sei ein externer Dienstleister des Konzerns. "
            "Die Datenschutzbehörde in Düsseldorf wurde über den Vorfall bisher nicht informiert. "
            "Die Bundeswehr nutzt mehrere der betroffenen Fahrzeuge auch in Auslandseinsätzen.")
    other = ("Interne Unterlagen des Rüstungskonzerns Alvora sind im Internet aufgetaucht. "
             "Hacker hatten die Daten kopiert und zum Kauf angeboten, darunter Pläne gepanzerter Fahrzeuge. "
             "Der Konzern prüft nach eigenen Angaben rechtliche Schritte gegen die Veröffentlichung.")
    story = articles(text, other, titles=("Daten von Alvora gehackt", "Alvora-Unterlagen im Netz"))
    doc = write_story("alvora-leak", story)
    reported = "Die eigene IT sei nicht gehackt worden, betroffen sei ein externer Dienstleister des Konzerns."
    assert reported not in doc.summary and reported not in doc.quick_read.text
    body = [s.text for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
    if reported in body:  # only right after the sentence that names who says so
        assert body[body.index(reported) - 1].startswith("Ein Konzernsprecher")
    assert_citations_valid(doc, story)
