"""Story category from a fixed taxonomy, by weighted keyword prototypes and embeddings.

Each category has a prototype: stems that signal it, with weights. A story's keyword score per
category is the sum of weights of matching stems in its titles (counted twice) and text,
normalised by length. When the bundled MiniLM model is installed, the story's titles and leads
are also compared (cosine) with an embedding of each category's name and first prototype words,
and the two are added (keyword scores scaled to at most :data:`KEYWORD_WEIGHT`): the embedding
reads topics no keyword list names, the keywords keep the taxonomy's edges. Without the model
the keywords decide alone. ``Politics`` is the fallback. Accuracy is measured in
``bench/bench_writer.py`` on AllSides topics (keywords alone 67.8%, embeddings alone 69.4%,
both 74.8% on 258 stories; the weight is the one parameter, flat between 0.05 and 0.2).
German stories, which the English keywords and MiniLM misfile, are filed by German keyword lists
that match inside compounds, and Spanish, Portuguese, French and Italian ones by one list for the four
(``bench/bench_real_pages.py`` measures each against the English keywords and MiniLM on hand-labelled
stories).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from newsdesk.models import CATEGORIES, Article
from newsdesk.text import stem, tokenize

logger = logging.getLogger(__name__)

__all__ = ["categorize", "category_scores", "PROTOTYPES"]

_RAW_PROTOTYPES: dict[str, str] = {
    "Politics": """council councillor councillors mayor coalition opposition referendum party parties municipal legislature lawmaker
        election elections vote voter voters voting ballot campaign candidate congress senate
        senator house representative republican republicans democrat democrats democratic gop
        parliament lawmakers legislation bill president presidential governor white administration
        primary caucus impeachment poll polls partisan speaker filibuster midterm policy political
        politics biden trump harris pelosi mcconnell supreme nominee cabinet veto""",
    "World": """foreign ukraine russia russian china chinese israel israeli gaza palestinian iran
        afghanistan taliban syria war military troops nato un united nations embassy diplomat
        diplomatic summit minister ally allies border refugees sanctions putin zelensky kremlin
        beijing europe european korea north missile invasion ceasefire hamas hezbollah taiwan
        mexico venezuela international global""",
    "Business": """economy economic market markets stock stocks shares investors inflation jobs job
        unemployment wages company companies ceo profit revenue sales bank banks federal reserve fed
        interest rates tax taxes trade tariffs gdp growth recession prices price billion million
        business industry workers labor union debt spending budget treasury financial finance
        housing mortgage oil consumer retail earnings""",
    "Technology": """outage network networks mobile phone phones telecom telecoms operator update engineers servers cloud
        technology tech internet online digital software app apps facebook twitter
        google apple amazon microsoft meta tiktok social media platform data privacy cyber
        cybersecurity hack hackers hacking ai artificial intelligence algorithm computer smartphone
        silicon startup chip chips broadband encryption python programming programmer programmers coding
        javascript linux github compiler repository kubernetes docker""",
    "Science": """astronomers astronomer observatory wildlife bird birds owl ecologist biologist genome fossil exoplanet
        science scientists scientific research researchers study studies space nasa
        astronauts rocket launch mars moon planet discovery species physics biology experiment
        telescope""",
    "Health": """measles clinic clinics nurses hospitalised hospitalized vaccinated
        health coronavirus covid pandemic virus vaccine vaccines vaccination cases hospital
        hospitals doctors patients disease cdc fda medical medicine drug drugs outbreak masks mask
        infection infections deaths healthcare insurance obamacare medicaid medicare abortion
        mental testing lockdown quarantine omicron variant""",
    "Climate": """climate change warming emissions carbon greenhouse environmental environment
        energy renewable solar wind fossil fuel fuels coal pipeline epa pollution wildfire
        wildfires hurricane flood floods drought storm weather sustainability green paris""",
    "Sports": """race runners marathon medal striker goal final tournament
        sports game games team teams player players coach season league nfl nba mlb nhl
        soccer football basketball baseball olympics olympic championship tournament super bowl
        athletes athlete score won win match cup""",
    "Culture": """gallery galleries painter painting paintings exhibition sculpture theatre theater library libraries novel author concert opera heritage
        culture film movie movies music album artist artists celebrity hollywood book
        books tv television show series actor actress museum art festival holiday holidays
        christmas thanksgiving religion religious church faith food fashion media award awards
        oscars netflix disney recipe recipes cake cakes baking dessert cooking cookbook chef restaurant
        restaurants dish dishes""",
    "Crime & Justice": """police officer officers shooting shot killed murder crime crimes criminal
        arrest arrested charged charges court judge jury trial prosecutors prosecutor sentence
        sentenced prison jail fbi investigation justice lawsuit attorney gun guns violence
        victims suspect indictment indicted convicted guilty department doj""",
}


# German, the language most non-English sources come in. German writes compounds as one word
# ("Bundestagswahl", "Fußballspieler", "Rotweine"), so a stem of seven letters or more matches anywhere
# in a word, one of four to six at its start and a shorter one only whole ("app", not "Apparat";
# "ki", not "Kirche"). MiniLM reads English only, so a German story is filed by these words alone.
_GERMAN_PROTOTYPES: dict[str, str] = {
    "Politics": """bundestag bundesrat landtag regierung kanzler minister partei spd cdu csu fdp grünen afd
        koalition opposition wahlkampf bundestagswahl landtagswahl wähler abstimmung gesetzentwurf politik
        bürgermeister gemeinderat stadtrat parlament abgeordnete präsident volksabstimmung demokratie
        verfassung scholz merkel habeck lindner söder merz""",
    "World": """ukraine russland russisch china chinesisch amerikanisch iran israel gaza krieg militär armee
        soldaten nato vereinte botschaft diplomat gipfel flüchtling sanktion putin selenskyj kreml peking
        ausland international türkei syrien afghanistan taliban drohne brexit washington""",
    "Business": """wirtschaft unternehmen firma konzern aktie börse anleger investor inflation zinsen bank
        umsatz gewinn verlust milliarde preise steuer handels einzelhandel export arbeitsmarkt arbeitslos
        gehalt löhne gewerkschaft streik mitarbeiter arbeitgeber arbeitnehmer insolvenz kunden verbraucher
        leasing leasen finanzier kredit versicherung immobilie miete industrie mittelstand gründer
        urlaubsanspruch""",
    "Technology": """software app apps internet online digital computer smartphone iphone android google apple
        microsoft facebook instagram twitter linkedin tiktok amazon daten datenschutz künstliche ki
        algorithmus cyber hacker server cloud netzwerk technik technologie programmier browser plugin
        widget blog social prozessor grafikkarte tesla update nutzer""",
    "Science": """forscher forschung wissenschaft universität institut experiment physik chemie biologie
        astronom astrophysik planet galaxie teleskop raumfahrt nasa teilchen molekül evolution fossil
        archäolog entdeckung""",
    "Health": """gesundheit krankenhaus klinik arzt ärzte patient krankheit corona covid pandemie virus
        impfung impfstoff infektion medizin medikament therapie pflege krankenkasse krebs diagnose symptom
        ernährung psych depression""",
    "Climate": """klima erderwärmung emission co2 treibhaus umwelt energie erneuerbar solar photovoltaik
        windkraft windenergie strom kohle atomkraft heizung heizen wärmepumpe wasserstoff nachhaltig hitze
        dürre hochwasser unwetter wetter wald landwirtschaft düngung pellets""",
    "Sports": """sport fußball bundesliga spieltag trainer mannschaft spieler vereins meisterschaft weltmeister
        weltcup olympia olympische medaille turnier finale saison liga tennis handball basketball eishockey
        biathlon skispringen formel rennstall marathon sieg niederlage reitsport radsport""",
    "Culture": """kultur kunst künstler ausstellung museum galerie theater opern konzert musik album film kino
        regisseur schauspieler buch roman autor literatur lesung festival tanz fernsehen serie netflix
        wein rotwein weißwein rezept kochen küche reise urlaub hochzeit horoskop religion kirche podcast
        gitarre""",
    "Crime & Justice": """polizei festgenommen festnahme verhaftet mord tötung getötet leiche täter opfer
        verbrechen kriminal staatsanwalt gericht richter urteil angeklagt anklage verurteilt haft
        gefängnis ermittl diebstahl betrug einbruch amoklauf schüsse waffe anschlag terror anwalt
        verjährung""",
}
# Spanish, Portuguese, French and Italian share most of their political, legal and economic words, so one
# list serves all four. These languages inflect at the end and seldom compound, so a stem matches the start
# of a word ("president" matches "presidente", "presidenta", "président"); one of three letters or fewer
# only a whole word ("ley", "gol"). MiniLM reads English only, so such a story is filed by these words alone.
_ROMANCE_PROTOTYPES: dict[str, str] = {
    "Politics": """gobierno gobiern govern gouvern president presidén elecci eleiç électi elezion electoral eleitor
        candidat partido partid parti senado senador sénat senato congres diputad deputad député deputat
        parlament ministr alcald prefeit maire sindaco oposici oposiç opposition opposizion oficialismo
        coalici coaliz votaci votaç vote voto votar ley lei loi legge constituci constituiç constitution
        costituzion plebiscit referend campaña campanha campagne político politic polític democra asamblea
        assemblée assemblea gabinete cabinet""",
    "World": """guerra guerre ucrania ucrânia ukraine ucraina rusia rússia russie russia ruso russo russe chino
        chinês chinois cinese china chine cina otan nato onu embajad embaixad ambassad diplomát diplomat
        sanci sanç putin kremlin kiev kyiv frontera fronteir frontière confine refugiad réfugié rifugiat
        internacional international internazional exterior étranger estero israel gaza iran militar militaire
        ejército exército armée esercito misil míssil missile tropas troupes truppe""",
    "Business": """econom económ économ empresa empresas entreprise impresa negocio negócio inflaci inflaç inflation
        inflazion precio preço prix prezzo mercado marché mercato bolsa bourse borsa banco banque banca
        salari salaire sueldo sindicat syndicat sindacat gremio gremios huelga greve grève sciopero
        trabajador trabalhador travailleur lavorator despido emple emprego emploi impiego industri comerci
        commerc export import impuesto imposto impôt tassa tasa dólar dolar euro peso millones milhões
        millions milioni combustible combustíve carburant carburant inversi investiment investis
        consumidor consommat consumator retraite jubilaci aposentad pension""",
    "Technology": """tecnolog technolog internet digital numérique digitale software logiciel aplicaci aplicativo
        applicati app apps android iphone google apple microsoft facebook instagram twitter whatsapp tiktok
        datos dados données dati ciberat ciberseg cybersé cyber hacker hackers inteligencia inteligência
        intelligence intelligenza algoritm algorithm ordenador computador ordinateur computer celular
        smartphone móvil telefon batería bateria batterie plataforma plateforme piattaforma redes réseaux""",
    "Science": """científic cientist scientifi scienti investigador pesquisador chercheur ricercator estudio estudo
        étude studio universidad universidade université università especie espèce specie biolog físic
        physique fisica química chimie astronom planeta planète pianeta telescop nasa espacio espaço espace
        spazio fósil fossil""",
    "Health": """salud saúde santé salute hospital hôpital ospedal médic medic médecin medico enfermedad doença
        maladie malattia covid coronavirus pandemi vacun vacin vaccin virus paciente patient pazient
        cáncer câncer cancer tratamiento tratamento traitement sanitari sanitaire""",
    "Climate": """clima climat climático climatique climatico calentamiento aquecimento réchauffement riscaldamento
        emisiones emissões émissions emissioni carbono carbone ambiental ambiente environnement ambientale
        medioambiente contaminaci poluiç pollution inquinament energía energia énergie renovable renovávei
        renouvelable rinnovabil temperatura température lluvia chuva pluie pioggia tormenta tempestad tempête
        tempesta sequía seca sécheresse siccità inundaci inundaç inondation alluvion agrícol agricol forestal floresta forêt foresta incendio incêndio incendie
        meteorolog météo meteo nieve neve neige hielo gelo glace glaciar""",
    "Sports": """fútbol futebol football calcio deport desport sport gol goles goal partido jugador jogador joueur
        giocator equipo equipe équipe squadra torneo torneio tournoi campeonato championnat campionato
        liga ligue campeón campeão champion campione entrenador treinador entraîneur allenator selección
        seleção sélection nazionale mundial copa coupe coppa olímpic olympi medalla medalha médaille
        ciclista cycliste atleta athlète carrera corrida course""",
    "Culture": """cultura culture cultural película filme film cine cinéma cinema música musique musica canción
        chanson canzone concierto concerto concert artista artiste libro livro livre novela romance roman
        escritor écrivain scrittore teatro théâtre museo museu musée exposici exposiç exposition mostra
        televisi télévision actriz actor acteur actrice attore attrice celebridad farándula festival
        religi iglesia igreja église chiesa receta receita recette ricetta""",
    "Crime & Justice": """policía polícia police polizia fiscal fiscalía procureur procura juez juíz juge giudice
        tribunal tribunale juicio julgamento procès processo condena condenad condamn condann sentencia
        sentença sentence prisi prisão prison carcere cárcel detenid detido arrêté arrestat asesin assassin
        homicidi homicíd meurtre omicidi crimen crime crimine delito delincuen délinquan robo roubo vol furto
        secuestr sequestr enlèvement rapiment narcotr drogas droga víctima vítima victime vittima
        investigaci investigaç enquête indagin acusad acusaç accusé accusat corrupci corrupç corruption
        corruzion extradici""",
}
_ROMANCE_STEMS = {category: [w.strip(",") for w in words.split()] for category, words in _ROMANCE_PROTOTYPES.items()}
_ROMANCE_SHARED = Counter(w for words in _ROMANCE_STEMS.values() for w in set(words))
_ROMANCE_LANGUAGES = frozenset({"es", "pt", "fr", "it"})


def _romance_scores(title: str, text: str) -> dict[str, float]:
    """Keyword scores of a Spanish, Portuguese, French or Italian story (see :data:`_ROMANCE_PROTOTYPES`)."""
    return _keyword_scores(title, text, _ROMANCE_STEMS, _ROMANCE_SHARED,
                           lambda token, w: token == w if len(w) <= 3 else token.startswith(w))


_WORD = re.compile(r"\w+")
_GERMAN_STEMS = {category: words.split() for category, words in _GERMAN_PROTOTYPES.items()}
# A stem shared by several prototypes says less about each of them.
_GERMAN_SHARED = Counter(w for words in _GERMAN_STEMS.values() for w in set(words))


def _matches(token: str, stem_: str) -> bool:
    """A compound-aware match (see :data:`_GERMAN_PROTOTYPES`)."""
    if len(stem_) <= 3:
        return token == stem_
    return token.startswith(stem_) if len(stem_) <= 6 else stem_ in token


def _german_scores(title: str, text: str) -> dict[str, float]:
    """Keyword scores of a German story, compound-aware (see :data:`_GERMAN_PROTOTYPES`)."""
    return _keyword_scores(title, text, _GERMAN_STEMS, _GERMAN_SHARED, _matches)


def _keyword_scores(title: str, text: str, stems: dict[str, list[str]], shared: Counter[str],
                    match: Callable[[str, str], bool]) -> dict[str, float]:
    """Per category, the words of ``title`` (counted twice) and ``text`` that ``match`` one of its
    ``stems``, each worth less the more categories share its stem, over the square root of the length."""
    bag = Counter(w.lower() for w in _WORD.findall(text))
    bag.update([w.lower() for w in _WORD.findall(title)] * 2)
    total = max(1, sum(bag.values()))
    scores = {}
    for category, words in stems.items():
        score = 0.0
        for token, n in bag.items():
            hit = next((w for w in words if match(token, w)), None)
            if hit is not None:
                score += n / shared[hit]
        scores[category] = score / total**0.5
    return scores


def _build() -> dict[str, dict[str, float]]:
    prototypes: dict[str, dict[str, float]] = {}
    counts: Counter[str] = Counter()
    for words in _RAW_PROTOTYPES.values():
        counts.update({stem(w) for w in words.split()})
    for category, words in _RAW_PROTOTYPES.items():
        # A stem shared by several prototypes says less about each of them.
        prototypes[category] = {stem(w): 1.0 / counts[stem(w)] for w in words.split()}
    return prototypes


PROTOTYPES: dict[str, dict[str, float]] = _build()
assert set(PROTOTYPES) <= set(CATEGORIES)


def category_scores(title: str, text: str) -> dict[str, float]:
    """Score of each category for a title and text (higher is more likely)."""
    title_stems = [stem(t) for t in tokenize(title)]
    text_stems = [stem(t) for t in tokenize(text)]
    bag = Counter(text_stems)
    bag.update(title_stems * 2)
    total = max(1, sum(bag.values()))
    scores = {}
    for category, weights in PROTOTYPES.items():
        scores[category] = sum(weights.get(s, 0.0) * n for s, n in bag.items()) / total**0.5
    return scores


#: Keyword scores are scaled so the best category's is this much, then added to the cosines.
KEYWORD_WEIGHT = 0.1
_PROTOTYPE_WORDS = 40
_LEAD_CHARS = 600


@lru_cache(maxsize=1)
def _category_embedding() -> tuple[object, np.ndarray, list[str]] | None:
    """(embedder, prototype vectors, their categories), or None without the ONNX model.

    The embedder is :func:`newsdesk.embed.default_embedder`'s, the instance story grouping
    uses, so the model is loaded once per process.
    """
    from newsdesk.embed import bundled_minilm

    embedder = bundled_minilm()
    if embedder is None:
        return None
    try:
        names = list(_RAW_PROTOTYPES)
        texts = [f"{c} news: " + " ".join(_RAW_PROTOTYPES[c].split()[:_PROTOTYPE_WORDS]) for c in names]
        return embedder, embedder.embed(texts), names
    except Exception as exc:  # a broken model install must not stop the writer
        logger.warning("category embeddings unavailable, keywords only: %s", exc)
        return None


def categorize(articles: list[Article], language: str = "en") -> str:
    """The category of a story.

    Args:
        articles: the story's articles.
        language: the story's language (ISO 639-1); German, and Spanish, Portuguese, French and
            Italian, have keywords of their own; other languages are filed by the English keywords
            and embeddings.

    Returns:
        One of :data:`newsdesk.models.CATEGORIES`.
    """
    title = " ".join(a.title for a in articles)
    text = " ".join(a.text[:3000] for a in articles)
    if language == "de":
        return _best_by_keywords(_german_scores(title, text))
    if language in _ROMANCE_LANGUAGES:
        return _best_by_keywords(_romance_scores(title, text))
    scores = category_scores(title, text)
    model = _category_embedding()
    if model is not None and (title.strip() or text.strip()):
        embedder, vectors, names = model
        story = embedder.embed([title + ". " + " ".join(a.text[:_LEAD_CHARS] for a in articles)])[0]
        top = max(scores.values(), default=0.0)
        cosines = vectors @ story
        scores = {c: float(cos) + (KEYWORD_WEIGHT * scores.get(c, 0.0) / top if top > 0 else 0.0)
                  for c, cos in zip(names, cosines)}
        return max(CATEGORIES, key=lambda c: (scores.get(c, float("-inf")), c == "Politics"))
    return _best_by_keywords(scores)


def _best_by_keywords(scores: dict[str, float]) -> str:
    """The best-scoring category, Politics on a tie or when no keyword matched."""
    best = max(CATEGORIES, key=lambda c: (scores.get(c, 0.0), c == "Politics"))
    return best if scores.get(best, 0.0) > 0 else "Politics"
