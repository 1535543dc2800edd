"""Quotes in Spanish, Portuguese, French and Italian: the say verb after the quote, a lower-case
role before the name, "según"/"selon" before it.

All sentences are made up for these tests. A name starts at a given name (the name list of
``nomquamgender``, installed with the models).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from newsdesk.models import Article
from newsdesk.write import choose_pull_quote
from newsdesk.write.names import given_names, is_given_name
from newsdesk.write.quotes import extract_quotes

pytestmark = pytest.mark.skipif(
    not given_names(), reason="the given-name list (nomquamgender, requirements/models.txt) is not installed"
)


@pytest.mark.parametrize(
    "sentence, speaker, role",
    [
        ("“No hubo pasajeros en los camiones”, dijo el fiscal Tomás Arriaga.", "Tomás Arriaga", "fiscal"),
        ("“El hielo se derrite cada verano”, explica Marcela Ibarra, directora del Instituto Polar de Chile.",
         "Marcela Ibarra", "directora del Instituto Polar de Chile"),
        ("«La situación es grave», explicó Jorge Olmedo, gerente general de El Diario del Sur.",
         "Jorge Olmedo", "gerente general de El Diario del Sur"),
        ("“Es un día triste”, dijo el senador por Florida Rick Calloway.", "Rick Calloway", "senador por Florida"),
        ("“Es un día triste”, dijo la presidenta de la Comisión, María José Serrat.", "María José Serrat",
         "presidenta de la Comisión"),
        ("Según Pedro Lascano, “no hay alternativa”.", "Pedro Lascano", None),
        ("« Nous devons agir vite », a déclaré la ministre Agnès Verdier-Roux.", "Agnès Verdier-Roux", "ministre"),
        ("« Nous devons agir vite », estime le ministre de l’Économie, Bruno Le Garrec.", "Bruno Le Garrec",
         "ministre de l’Économie"),
        ("Au nom de toute l’université, le président Alain Ferrand déclare : « Nous sommes fiers. »",
         "Alain Ferrand", "président"),
        ("« Le risque est faible », précise la toxicologue Dominique Morvan, dans une note de l’Académie.",
         "Dominique Morvan", "toxicologue"),
        ("“Não vamos recuar”, disse o ministro Fernando Azeredo.", "Fernando Azeredo", "ministro"),
        ("“Dobbiamo agire subito”, ha spiegato Giorgia Ferlini.", "Giorgia Ferlini", None),
    ],
)
def test_a_named_speaker_and_their_role(sentence, speaker, role):
    q = extract_quotes(sentence)[0]
    assert (q.speaker, q.role, q.named) == (speaker, role, True)


@pytest.mark.parametrize(
    "sentence",
    [
        "“No es un tema menor”, apuntó la vicepresidenta por una charla que tuvo con Del Valle.",  # anonymous role
        "“No hubo personas”, dijeron los vecinos.",  # plural: several speakers
        "“No hubo personas”, dijo a Juan Pérez un testigo.",  # "a": said *to* Juan Pérez
        "« Nous devons agir vite », a-t-il estimé.",  # a pronoun; the sentence before would have to say who
        "“No hubo personas”, dijo Ana Ruiz y Marta Gil.",  # two speakers
    ],
)
def test_no_named_speaker_where_the_sentence_names_no_one_speaker(sentence):
    assert not any(q.named for q in extract_quotes(sentence))


def test_a_family_name_is_completed_from_the_article_with_its_role():
    text = ("El presidente de Chile, Gabriel Ordóñez, visitó Coquimbo el martes. "
            "“Acá yo soy el presidente de todos”, señaló Ordóñez en Coquimbo.")
    q = extract_quotes(text)[-1]
    assert (q.speaker, q.role, q.attribution) == ("Gabriel Ordóñez", "presidente de Chile", "surname")
    # no full name in the article: the family name is the speaker, and never a pull quote
    alone = "“Acá yo soy el presidente de todos los chilenos”, señaló Ordóñez en Coquimbo."
    q = extract_quotes(alone)[0]
    assert (q.speaker, q.attribution) == ("Ordóñez", "partial")
    article = Article(id=1, url="https://example.cl/a", title="Gira", text=alone, published=datetime(2026, 5, 4),
                      outlet="Diario", language="es")
    assert choose_pull_quote([article]) is None


def test_accented_given_names_are_read_without_their_accents_but_german_umlauts_stay():
    # the name list spells "agnes", "andres"; "Länder" and "Ära" must not become "lander", "ara"
    assert is_given_name("Agnès") and is_given_name("Andrés") and is_given_name("Joël")
    assert not is_given_name("Länder") and not is_given_name("Ära")
