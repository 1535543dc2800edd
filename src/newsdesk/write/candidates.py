"""Which source sentences can stand on a page, and which need the sentence before them.

An article's text holds more than its reporting: page furniture (consent banners, "Related Posts",
"Click here"), notes about the page, reference lists, captions of photos the page may not show, list
items, table rows, transcripts, the author's own voice. :func:`usable` keeps the sentences that
report; :func:`is_caption`, :func:`verbless`, :func:`apparatus_start` and :func:`transcript_speakers`
find the rest that only the article's context tells apart.

A usable sentence may still lean on the one before it ("He said …", "These measures …", "As a
result, …", "The former governor …"): :func:`needs_antecedent` and :func:`points_back` tell the
writer which sentences may open a page part and which only follow their own source's sentence.
"""

from __future__ import annotations

import re
from collections import Counter

from newsdesk.entities import has_finite_verb
from newsdesk.text import in_own_voice, outside_quotations, quote_balance, word_count
from newsdesk.write.dates import MONTHS, WEEKDAYS

__all__ = [
    "usable", "needs_antecedent", "points_back", "is_caption", "verbless", "apparatus_start", "is_table_row",
    "transcript_speakers", "speaker_label", "reported_without_speaker",
]

_BOILERPLATE = re.compile(
    r"(?i)\b(click here|sign up|subscribe|newsletter|all rights reserved|read more|"
    r"follow us|cookie|advertisement|copyright|©|this article was|contributed to this report|"
    r"reporting by|editing by|our journalism|support us|photo:|image:|getty images|"
    r"follow (?:them|him|her|me) on|in this (?:article|post)|this (?:article|post) (?:is|was|has|contains)|"
    r"written permission|without (?:the )?(?:express )?permission|log ?in or (?:register|sign up)|"
    r"(?:log ?in|sign in) to (?:save|continue|read|comment|view|access|see)|"
    # a login form's prompt: "In einen existierenden Account Zum Login oder einen neuen Account Registrieren."
    r"(?:zum )?login oder (?:einen neuen account |ein neues konto )?registrieren|neuen account registrieren|"
    # a notice about the reader's browser ("… nicht korrekt angezeigt werden", "update your browser")
    r"(?:your|ihr|ihren|ihrem|votre|su) (?:web ?)?browser|javascript|nicht (?:korrekt|richtig) angezeigt|"
    # an archive's banner ("Alexa Internet has been donating their crawl data to the Internet Archive")
    r"crawl data|wayback machine after|"
    # a list of other posts run into the text ("Related Posts Zusammenarbeit Shuji …", "You may also like")
    r"related (?:posts|articles|stories|content)|you (?:may|might) also (?:like|enjoy)|ähnliche beiträge|"
    # a consent banner ("Further use of this site will be considered consent.", "Do not show this message again.")
    r"(?:use of|using|continuing to (?:use|browse)) (?:this|our) (?:web ?)?site|"
    r"(?:do not|don['’]t) show this (?:message|notice|again)|nicht (?:mehr|erneut) anzeigen|"
    # a pointer to the rest of the article ("Den kompletten Beitrag lesen Sie in …", "Weiterlesen")
    r"(?:lesen|finden|erfahren|klicken) Sie|weiterlesen|mehr erfahren|"
    # an app promotion: "For the latest stories … download the Nationnews apps for iOS and Android"
    r"download (?:the|our) (?:[\w-]+ ){0,3}apps?|"
    # the page's layout: "Below the interview is an excerpt from the book."
    r"(?:is|are) (?:an? |the )?(?:edited |lightly edited )?(?:excerpts?|transcripts?) (?:from|of)|"
    # where the article ran first: "Dieser Artikel erschien zuerst in der EMOTION 10/22", "originally published"
    r"erschien (?:zuerst|erstmals)|(?:zuerst|erstmals) erschienen|(?:first|originally) (?:appeared|published|ran) "
    r"(?:in|on|at)|publié initialement|publicado originalmente|pubblicato originariamente)\b"
    # a phone number: a contact line ("call NHS Direct on 0845 46 47", "(555) 010-4477")
    r"|\(\d{3}\) ?\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b|\b0\d{3,4} \d{2,3} \d{2,4}\b"
    # a fragment the splitter cut after "a.m." / "p.m.": "PDT on August 28 and ends on December 4."
    r"|^(?:PDT|PST|EDT|EST|CDT|CST|MDT|MST|ET|PT|GMT|UTC|BST|CET|CEST)\b"
    r"|[\w.+-]+@[\w-]+\.[\w.-]*[a-z]"  # an e-mail address: a contact line ("write to letters@…")
    r"|^(?:Posted|Published|Updated|Last updated|Last modified|Filed|Date)(?: on)?:\s"
    # a sign-up form's message: "Ihre Anmeldung wurde nicht ausgeführt.", "Thank you for subscribing"
    r"|(?i:\bihre (?:anmeldung|registrierung|bestellung) (?:wurde|war|ist)\b|\bvielen dank für ihre (?:anmeldung|"
    r"registrierung)\b|\bthank you for (?:signing up|subscribing|registering)\b)"
    # a helpline note under a story on suicide ("If you or someone you know …", "Befrienders Worldwide …")
    r"|(?i:\bif you or someone you know\b|\bsuicide (?:prevention )?(?:life|hot|help)line\b|\bcrisis text line\b|"
    r"\bbefrienders\b|\btelefonseelsorge\b)"
)
# A sentence that only says someone would not talk: "Avigilon declined to comment to Axios.", "Yang and his
# team did not respond to requests for comment." A fact of the reporting, not of the story.
_NO_COMMENT = re.compile(
    r"(?i)\b(?:declined to comment|declined comment|did not (?:immediately )?(?:respond|reply) to (?:a |an )?"
    r"(?:requests?|emails?|calls?|messages?|inquir\w+)|could not (?:immediately )?be reached|did not return (?:a |an )?"
    r"(?:requests?|calls?|emails?|messages?)|(?:was|were) not immediately available for comment|had no immediate "
    r"comment)\b[^.;:]{0,45}[.]?[”\"]?$"
)
# A word that mixes Latin letters with Cyrillic or Greek look-alikes ("Аdvеrtіѕе wіth thе most visited
# news site"): spam written to slip past word filters, never a source's reporting.
_MIXED_SCRIPT_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0370-\u03ff\u0400-\u04ff])\w+\b")
# A line about the page itself: "/Editor’s note: The disclaimer below refers to …", "Disclosure: …".
_PAGE_NOTE = re.compile(
    r"(?i)(?:editor[’']?s[’']? note|note to readers|disclaimer|disclosure|anmerkung der redaktion|"
    r"hinweis der redaktion|note de la rédaction|nota del editor|nota de la redacción)\s*:"
    # "Article mis à jour le 7 janvier 2020.", "Actualizado el …", "Aktualisiert am …", "Updated on …"
    r"|^(?:article |artículo |artigo |articolo )?(?:mis à jour|actualizado|atualizado|aggiornato|aktualisiert|"
    r"updated|last updated)\s+(?:le|el|em|il|am|on|at|:)?\s*\d"
)
_GERMAN_MONTHS = ("Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                  "Oktober", "November", "Dezember", "Jan", "Feb", "Mär", "Apr", "Jun", "Jul", "Aug", "Sep",
                  "Sept", "Okt", "Nov", "Dez")
# An item of a numbered list: "7- renforcer la dynamique …", "2-faire bénéficier …", "3) reduce …".
_LIST_ITEM = re.compile(
    r"^\d{1,2}\s?[-–)]\s?[a-zà-ÿ]"
    # "16. Sich selber aus der Komfortzone locken …" (a listicle's item), not a date ("16. März 2020 …")
    rf"|^\d{{1,3}}\.\s+(?!(?:{'|'.join(_GERMAN_MONTHS)})\b)[A-Za-zÄÖÜäöüß]"
    # "4.Faça bolinhas com a massa …": a step number glued to its word
    r"|^\d{1,2}\.[A-ZÀ-Ý][a-zà-ÿ]"
)
# A note about the coverage itself, not journalism: "(These are all opinion articles and don’t
# necessarily align with … AllSides Media Bias Rating …)", "Editor’s note: …".
_EDITORS_NOTE = re.compile(
    r"(?i)\ballsides\b|\bmedia bias\b|\beditor[’']?s[’']? note\b|\b(?:these|this|the following) (?:are|is) "
    r"(?:all |an? )?(?:opinion|op-ed|sponsored|paid)\b|\b(?:opinion|op-ed) (?:articles?|pieces?|columns?)\b"
)
# A whole sentence ends in . ! or ?, possibly inside closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?。！？؟।][”“»«」』\"'’‘)\]]*\s*$")  # „…“, «…» and 「…」 close after the stop too


# A personal pronoun or an "It" that points back at something the sentence does not name.
_ANAPHOR = re.compile(r"^[“\"‘']?(?:He|She|His|Her|Him|They|Their|Them|It|Its)\b")
# "It" that points forward or at nothing: "It’s no secret that …", "It took 93 years for … to",
# "It seems that …" — such a sentence reads fine on its own.
_EXPLETIVE_IT = re.compile(
    r"^[“\"]?It(?:[’']s| is| was| has been| seems| seemed| appears| appeared| took| takes| will take| remains)"
    r"(?: not| no)?(?: (?:no secret|a truism|true|clear|unclear|likely|unlikely|possible|impossible|easy|hard|"
    r"difficult|important|time|worth \w+)\b.*\b(?:that|to|for|whether)\b| .*\bfor\b.*\bto\b| (?:that|as if|like)\b)"
)


# "This/That/These/Those" standing for what the sentence before said, as the subject of a verb:
# "That includes Texas, Georgia and Florida", "This is the slowest pace in four months",
# "That also means …". Not a determiner ("This week the Senate …", "Those who voted …").
_DEMONSTRATIVE_SUBJECT = re.compile(
    r"^[“\"‘']?(?:This|That|These|Those)(?:[’']s\b|\s+(?:(?:also|alone|only|just|now|still|already|even|"
    r"in turn|too),?\s+)?(?:is|was|are|were|isn[’']t|wasn[’']t|aren[’']t|has|have|had|will|would|could|can|"
    r"may|might|must|should|does|did|doesn[’']t|didn[’']t|won[’']t|comes?|came|means?|meant|includ(?:es?|ed)|"
    r"marks?|marked|follows?|followed|makes?|made|leads?|led|puts?|raises?|raised|shows?|showed|suggests?|"
    r"suggested|seems?|seemed|appears?|appeared|gives?|gave|allows?|allowed|represents?|represented|"
    r"happen(?:s|ed)?|signals?|signall?ed|underscores?|underscored|highlights?|highlighted|reflects?|"
    r"reflected|brings?|brought|helps?|helped|sets?|prompted|sparked|triggered|caused|leaves|left|takes?|"
    r"took|sends?|sent|adds?|added|compares?|compared|amounts?|amounted|remains?|remained|becomes?|became|"
    r"changes?|changed|affects?|affected|drew|draws?|goes|went|puts?)\b)"
)


# A personal pronoun right after an opening connective or a short name-free introductory phrase:
# "But he stopped short of …", "After all, he faced allegations …", "In his address, he sought …",
# "On Thursday, she said …". Placed after a sentence about someone else, the pronoun reads as that
# person ("… recruit Jeff Sessions. After all, he faced allegations …" is not about Sessions). The
# phrase opens on a preposition, time word or adverb and then holds lower-case words, figures,
# weekdays and months, no other capital: "Speaking to Fox News, he …" names no one either but is
# let through, and "Jones said that if elected, he …" names its referent.
_MONTHS_DAYS = "|".join((*MONTHS, r"Jan\.", r"Feb\.", r"Aug\.", r"Sept?\.", r"Oct\.", r"Nov\.", r"Dec\.", *WEEKDAYS))
# the phrase's first word: a preposition, a time word or an adverb, never a name ("Jones said …, he")
_INTRO_FIRST = (r"In|On|At|After|Before|During|For|From|Since|Until|When|While|As|Asked|Speaking|Writing|"
                r"Last|Next|This|Once|Over|Under|With|Without|Despite|Like|Unlike|Throughout|Within|Through|"
                r"Following|Ahead|Back|By|Of|One|Two|Three|Four|Five|Years|Months|Weeks|Days|Hours|"
                r"[A-Z][a-z]{3,}ly")
_INTRO_ANAPHOR = re.compile(
    r"^[“\"‘']?(?:(?:And|But|Yet|So|Or|Nor|Then|Now|Still|Also|Instead|Later|Earlier|Indeed|Meanwhile|However|"
    r"Nonetheless|Nevertheless|Moreover|Besides|Otherwise|Previously|Afterward|Afterwards|Since|Thus|Hence|"
    r"Today|Tonight)\b,?\s+"
    rf"|(?:{_INTRO_FIRST})(?:\s+(?:[a-z][a-z’'-]*|\d[\d,.]*|{_MONTHS_DAYS})){{0,6}},\s+)"
    r"(?:he|she|they|his|her|their|him|them)\b"
)


# A demonstrative that stands for what came before, as the subject of reported speech: "Hillary Clinton
# said that that is a racist attack on a federal judge" (what is?).
_REPORTED_DEMONSTRATIVE = re.compile(
    r"\b(?:said|says|told reporters|argued|argues|added|insisted|claimed|noted|wrote)(?: that)?,? "
    r"(?:this|that|these|those) (?:is|was|are|were|isn[’']t|wasn[’']t|has|had|will|would|could|may|might)\b"
)

# A verb phrase that stands for an action told before: "Other states have done so through executive
# rulemaking" (done what?), "Three more countries followed suit", "Ohio did the same". Only near the
# start: later in a sentence it usually points back inside it ("the officer who shot him did so by mistake").
_ACTION_ANAPHOR = re.compile(
    r"\b(?:do|does|did|done|doing) (?:so|the same|likewise)\b|\b(?:follow|follows|followed|following) suit\b", re.I
)


# An opening that answers, follows from or sets against the sentence before: "If so, there is
# little evidence of that effort …", "As a result, …", "In response, …", "By contrast, …".
_DISCOURSE_ANAPHOR = re.compile(
    r"^[“\"‘']?(?:If so|If not|Even so|As a result|As such|In response|In turn|In that case|In doing so|"
    r"Because of (?:this|that)|Despite (?:this|that)|That said|To that end|For that reason|Instead|Otherwise|"
    r"By contrast|In contrast|On the other hand|Not only that|Similarly|Likewise|Conversely|"
    # a restatement or a pronoun after a preposition: "In other words, the study shows …", "In it, the
    # participants looked at dots …" (session 16, a medicalnewstoday.com page)
    r"In other words|That is|In short|In it|In them|Of these|Of those|Among them|Among these|Among those|"
    r"Given this|Given that|With that|Here|There|No|Yes|If anything),\s"
)

# A closing "though" or "too" sets the sentence against or beside the one before: "Learning how to take care of
# hydrangeas isn’t difficult, though." (an eval page's dek, session 17), "Prices rose in the north, too."
_CLOSING_CONNECTIVE = re.compile(r",\s*(?:though|too|however|as well)[.!]?[”\"’']?\s*$")

# A subordinate clause alone: "Even though both chip brands are ultimately owned by the same company." finishes
# the sentence before it (an eval page, session 16).
_CLAUSE_ALONE = re.compile(
    r"^[“\"‘']?(?:Even though|Even if|Although|Though|Because|Whereas|Unless|So that)\b[^,;:—–]*[.!?]$"
)
# A pronoun as the subject of an opening clause, with no name after it to point forward to: "After she
# suspended her campaign, the group made headlines …" (she is a candidate the sentence before named).
# Not "After he won, President Biden said …", where the name follows.
_CLAUSE_PRONOUN = re.compile(
    r"^[“\"‘']?(?:After|When|While|Before|Since|Although|Though|Because|As|If|Once|Until|Unless)\s+"
    r"(?:he|she|they)\b[^,;:.]*,\s+(?![A-Z])"
)

# An opening phrase whose demonstrative points at what came before: "To answer this question, the
# scientists asked …", "Despite these concerns, …", "For this reason, …". Not a time ("At this point,",
# "Later this week,") nor the writer's own place ("In this country, …").
_OPENING_DEMONSTRATIVE = re.compile(
    r"^[“\"‘']?[A-Z][a-z]+(?:\s+[a-z]+){0,3}\s+(?:this|these|those)\s+"
    r"(?!(?:week|weekend|year|month|morning|afternoon|evening|night|day|days|summer|winter|spring|fall|autumn|"
    r"season|time|decade|century|past|coming|point|stage|moment|writing|country|nation|city|state|town)\b)"
    r"[a-z][\w-]*(?:\s+[a-z][\w-]*)?,\s"
)


# A sentence that carries on from the one before: "But as more and more endorsements have trickled
# in, …", "And multivitamins could help, too!", "So the race is likely to be wide open …", "However,
# the council …". Not "So far, …", "So-called …", "Yet another …" or "Meanwhile, …" (a parallel
# development that stands on its own).
_CONTINUATION = re.compile(
    r"^[“\"‘']?(?:But|And|Or|Nor|Also|So(?! far\b|-called\b)|Yet(?! another\b| again\b))\b"
    r"|^[“\"‘']?(?:However|Still|Thus|Hence|Therefore|Nonetheless|Nevertheless|Moreover|Furthermore|Besides|"
    r"After all|Second|Secondly|Third|Thirdly|Fourth|Fourthly|Fifth|Lastly|Finally|Additionally|In addition|"
    r"What[’']s more|On top of that|For good measure|Plus|Well|Again|First of all|Then again|Worse|Even worse|"
    r"Worse still|Better still|Next|For example|For instance),\s"
    # "Such as shredded coconut, crushed nuts …": the rest of a list the sentence before began
    r"|^[“\"‘']?Such (?:as|a|an)\b"
    r"|^[“\"‘']?(?:All the more reason|No wonder|Which is why|That is why|That’s why|That's why)\b"
    # "Worse than that, …", "Beyond that, …", "However there's …" (no comma)
    r"|^[“\"‘']?(?:(?:Worse|Better|More|Less|Beyond|Besides|Apart from|Other than|After|Before|Despite|Because of) "
    r"(?:than )?(?:that|this|these|those)|However(?! much| many| long| often| far| you| we| big| small))\b"
    # the same openers in the other languages sources come in most ("Womit allein schon deshalb dieser
    # Deal …", "Indem der Rückzugsbefehl …", "Mais …", "Sin embargo, …")
    r"|^[„“\"‘'«]?(?:Aber|Und|Doch|Denn|Jedoch|Allerdings|Womit|Indem|Wodurch|Weshalb|Weswegen|Deshalb|Daher|"
    r"Deswegen|Trotzdem|Dennoch|Außerdem|Zudem|Mais|Pourtant|Cependant|Donc|Ainsi|Pero|Sin embargo|Además|Por eso|"
    r"Ma|Tuttavia|Quindi|Maar|Echter|Dus|"
    # "Por ello, su opción …", "Ahora bien, como se mencionó, …", "A su vez, …", "Eso sí, …", "Par ailleurs, …"
    r"Por ello|Por lo tanto|Por tanto|Ahora bien|A su vez|De esta manera|De este modo|De esa manera|Eso sí|"
    r"De todos modos|De la misma forma|De igual forma|Del mismo modo|En esa línea|En este sentido|En ese sentido|"
    r"Por otro lado|Por otra parte|De hecho|Asimismo|No obstante|Al respecto|Incluso|También|"
    r"Por isso|No entanto|Além disso|Dessa forma|Desta forma|Por outro lado|Contudo|Entretanto|Também|"
    r"Par ailleurs|En outre|De plus|Toutefois|Néanmoins|En effet|Par conséquent|D[’']ailleurs|Du coup|"
    r"Inoltre|Infatti|Però|Dunque|Pertanto|Comunque|Invece)(?=,?\s+[a-zäöüßàâçéèêëîïôûùüÿñáíóú])"  # then a lower-case word: not "Ma Ying-jeou"
)
# A time the sentence before gave: "That same year, Alley became …", "The next day, …", "Later that
# week, …". Not "This week the Senate …" or "This year's budget …", which count from today.
_TIME_ANAPHOR = re.compile(
    r"^[“\"‘']?(?:(?:Later|Earlier|By|Until|Since|In|On|At|During) )?(?:that|That) (?:same )?"
    r"(?:year|day|week|month|night|morning|afternoon|evening|summer|winter|spring|fall|autumn|time|season|decade)\b"
    r"|^[“\"‘']?The (?:same|next|following|previous) (?:year|day|week|month|night|morning|afternoon|evening)\b"
)
# An epithet for a person the sentence before named: "The former Massachusetts governor and 2012 GOP
# presidential nominee shared his reaction …", "The Kentucky Republican, who has sparred …", "The
# 17-year-old from Antioch is charged …", "The New York Democrat plans …". Not a group ("The House
# Democrats, led by …"), an adjective before a noun ("The Kansas Republican primary …", "The House
# Republican Conference …") or an epithet with the name after it ("The Texas Republican governor Greg
# Abbott has signed …"); "The president" alone is left to the page (whose president is seldom in doubt).
_EPITHET_ROLES = (r"governor|senator|congressman|congresswoman|lawmaker|legislator|nominee|candidate|mayor|president|"
                  r"vice president|leader|businessman|businesswoman|billionaire|mogul|actor|actress|singer|star|rapper|"
                  r"lawyer|attorney|judge|justice|coach|quarterback|player|teenager|teen|woman|man|girl|boy|mother|"
                  r"father|suspect|officer|veteran|activist|journalist|reporter|host|anchor|comedian|entrepreneur|"
                  r"executive|CEO|founder|chairman|chairwoman|speaker|secretary|official|diplomat|general|commander|"
                  r"pastor|priest|author|writer|director|producer|athlete|champion|medalist|Republican|Democrat")
# what follows the epithet: a comma, or a verb (a word in -s/-ed, or one of these)
_EPITHET_NEXT = r"(?=,|\s+(?:also\s+|then\s+|now\s+)?(?:\w+ed|\w+s|is|was|has|had|will|would|could|can|told|said|says|made|won|lost|took|went|gave|came|saw|knew|left|ran|spoke|wrote|sent|met|got|broke|began|became|faced|aim|plan|hope|want)\b)"
_EPITHET_ANAPHOR = re.compile(
    rf"^[“\"‘']?The (?:(?:former|late|longtime|then-|\d+-year-old|[a-z]+-year-old)\s*)+(?:[\w.'’-]+ ){{0,3}}?"
    rf"(?:{_EPITHET_ROLES})(?:\s+and\s[^,]{{1,60}}?)?{_EPITHET_NEXT}"
    rf"|^[“\"‘']?The (?:[A-Z][\w.'’-]+ ){{1,2}}(?:(?:Republican|Democratic) )?"
    rf"(?:Republican|Democrat|governor|senator|congressman|congresswoman|lawmaker|mayor|nominee){_EPITHET_NEXT}"
    rf"|^[“\"‘']?The (?:\d+|[a-z]+(?:-[a-z]+)?)-year-old\b"
)
# A part of what the sentence before named: "All of those things are essential …", "Some of them …",
# "None of this was …".
_PARTITIVE_ANAPHOR = re.compile(
    r"^[“\"‘']?(?:All|Both|Each|Either|Neither|None|Some|Most|Many|Much|Any|One|Two|Three|Several|Few|Half)"
    r" of (?:this|that|these|those|them|it)\b"
)


# Words after "this/these/those" that name a time or go on with a verb, not a thing named before:
# "This week the Senate …", "these days", "this is".
_NOT_A_REFERENT = (r"week|weekend|year|month|morning|afternoon|evening|night|day|days|summer|winter|spring|fall|"
                   r"autumn|season|time|decade|century|past|coming|is|was|are|were")
# "These babies play an important role …", "This tree …", "Those places …": a demonstrative with a noun
# the sentence before introduced. Not a time ("This week the Senate …", "These days, …") nor "Those who …".
_DEMONSTRATIVE_NOUN = re.compile(
    rf"^[“\"‘']?(?:This|These|Those|That)\s+(?!(?:{_NOT_A_REFERENT}|who|which|of)\b)[a-z]"
)
# The same anywhere in a sentence: "… arriving in the UK from those places …", "… perfect for this tree …".
_POINTS_BACK = re.compile(rf"\b(?:this|these|those)\s+(?!(?:{_NOT_A_REFERENT})\b)[a-z]")
# The same pointing back in the languages sources come in most, a pronoun before a lower-case word
# (a verb; a capital would make it a name, "Elle Woods", "Ella Fitzgerald"): "Er wird durch …", "Dies ist
# wichtig, …", "Dort hat sie …", "Das brachte ihr …" (but "Das neue Gesetz …": a German article before an
# adjective, whose endings -e/-en/-er/-es/-em a verb after "Das" rarely has), "Il a …", "Ella dijo …".
_ROMANCE_TIMES = (r"año|años|semana|semanas|mes|meses|día|días|fin|lunes|martes|miércoles|jueves|viernes|sábado|"
                  r"domingo|mañana|tarde|noche|verano|invierno|otoño|primavera|siglo|ano|anos|mês|dia|sábado|"
                  r"manhã|noite|année|an|semaine|mois|jour|matin|soir|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
                  r"dimanche|week-end|été|hiver|automne|printemps|siècle|anno|settimana|mese|giorno|mattina|sera|"
                  r"estate|inverno|secolo|vez|fois|volta|mediodía|madrugada|jornada|temporada|edición|édition")
_FOREIGN_ANAPHOR = re.compile(
    r"^[„“\"«»‚‘']?(?:"
    r"(?:Er|Sie|Ihm|Ihn|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres|Sein|Seine|Seinem|Seinen|Seiner|Seines|Dies|Dort|"
    r"Dabei|Damit|Dadurch|Dafür|Darin|Darauf|Daraus|Davon|Danach|Dazu|Hierbei|Hierzu|"
    r"Il(?! y a\b| faut\b)|Elle|Ils|Elles|Cela|Ceci|Él|Ella|Ellos|Ellas|Esto|Eso|Ello|Lui|Lei|Esso|Essa|Ciò|Hij|Zij)"
    r"\s+[a-zäöüßàâçéèêëîïôûùÿñáíóú]"
    r"|(?:Das|Diese|Dieser|Dieses|Diesem|Diesen)\s+[a-zäöüß]+(?<!e)(?<!en)(?<!er)(?<!es)(?<!em)\b"
    # a demonstrative and a noun the sentence before named ("Estas medidas son …", "Cette décision …", "Este
    # último …"), not a time that counts from today ("Este año", "Cette semaine", "Esta mañana")
    rf"|(?:Este|Esta|Estos|Estas|Ese|Esa|Esos|Esas|Dicho|Dicha|Dichos|Dichas|Estes|Esse|Essa|Esses|Essas|"
    rf"Ce|Cet|Cette|Ces|Questo|Questa|Questi|Queste)\s+(?!(?:{_ROMANCE_TIMES})\b)[a-zàâçéèêëîïôûùÿñáíóú]"
    # "A él se sumará …": a pronoun after a preposition; "Admitió que …": a say verb with its subject
    # left out, as Spanish and Portuguese do when the sentence before named it
    r"|(?:A|Con|Para|Por|De|En|Según|Segundo|Para) (?:él|ella|ellos|ellas|ele|ela|eles|elas)\b"
    r"|(?:Dijo|Afirmó|Explicó|Señaló|Aseguró|Indicó|Agregó|Añadió|Admitió|Sostuvo|Destacó|Reconoció|Advirtió|"
    r"Precisó|Subrayó|Apuntó|Comentó|Expresó|Manifestó|Insistió|Recordó|Consideró|Aclaró|Detalló|Relató|Contó|"
    r"Disse|Afirmou|Explicou|Declarou|Destacou|Ressaltou|Acrescentou|Lembrou|Contou)\s+(?:que|a|al|en|em|no|na)\b)"
    # a short opening phrase, then a personal pronoun ("Depuis, il a rejoint …", "En 2019, ella fue …"),
    # and "the latter" anywhere ("ce dernier s’était excusé", "este último")
    r"|^[„“\"«]?(?:\S+\s+){0,4}\S+,\s+(?:il|elle|ils|elles|él|ella|ellos|ellas|ele|ela|eles|elas|lui|lei|loro)"
    r"\s+[a-zàâçéèêëîïôûùÿñáíóú]"
    r"|.*\b(?:[Cc]e dernier|[Cc]ette dernière|[Cc]es derniers|[Cc]es dernières|[Ee]ste último|[Ee]sta última|"
    r"[Qq]uest[’']ultimo|[Qq]uest[’']ultima)"
    # as a pronoun, not "this last stage" ("esta última etapa"): punctuation or a verb, clitic or "que" follows
    r"(?=\s*[,.;:)]|\s+(?:a|avait|est|était|sera|s[’']|se|n[’']|ne|y|et|qui|que|qu[’']|ha|había|es|fue|era|"
    r"lo|la|le|les|l[’']|è|aveva)\b|\s*$)"
    # German "Es" for a thing the sentence before named ("Es war der blutige Höhepunkt einer Anschlagsserie",
    # "Es sieht weiterhin die Abschöpfung … vor"); not the "Es" of "Es gibt", "Es geht um", "Es kam zu …",
    # of a plural verb, whose subject comes later ("Es werden …", "Es folgten Verträge …", "Es seien …"), of
    # "Es lässt sich …", nor of a clause or infinitive that follows ("Es ist schwer, … einzusteigen")
    r"|^Es\s+(?!(?:gibt|gab|geht|ging|handelt|handelte|besteht|bestand|kommt|kam|bleibt|blieb|braucht|brauchte|fehlt|"
    r"fehlte|heißt|hieß|lohnt|lohnte|scheint|schien|stellt|stellte|folgt|folgte|gilt|galt|reicht|reichte|dauert|"
    r"dauerte|regnet|schneit|passiert|passierte|geschieht|geschah|hängt|hing|liegt|lag|steht|stand|tut|tat|trifft|"
    r"traf|spricht|sprach|zeigt|zeigte|wird|wurde|würde|sind|waren|werden|wurden|sollen|sollten|können|konnten|"
    r"müssen|mussten|entstehen|entstanden|dürfen|durften|wollen|wollten|seien|wären|lässt|ließ|siegte|siegt|"
    r"dominiert|steigt|wünscht|la|el|lo|en|por|un|una)\b|[a-zäöüß]+en\b)(?![^.]*(?:,\s+(?:dass|ob|wie|wenn|als|wer|was|wo|weil)\b|"
    r"\bzu\s+\w+en\b|\b\w+zu\w+en\b|\bwenn\b|\bzum\b|\bque\b|\bdonde\b))[a-zäöüß]+\s"
    # a German connective after the first phrase sets the sentence against the one before: "Die Woche war
    # aber nicht nur …", "Diese Ergebnisse beweisen allerdings noch nicht …"
    r"|^(?:\S+\s+){1,3}(?:aber|jedoch|allerdings|dennoch|trotzdem|zudem|außerdem|deshalb|daher|nämlich|"
    r"ebenfalls|wiederum)\b"
    # an item of a list the sentence before announced: "Lo otro tiene que ver con …", "La primera tiene que ver
    # con el lugar …", "El segundo, es el inconveniente …" (not "El primer ministro", "La primera dama")
    r"|^(?:Lo|O) (?:otro|primero|segundo|último|mais)\b"
    r"|^(?:La|El|Lo|A|O) (?:otra|otro|primera|primero|segunda|segundo|tercera|tercero|última|último|outra|outro)"
    r"(?=,| (?:tiene|tem|es|é|fue|foi|sería|seria|consiste|se|está|era)\b)"
)


def points_back(sentence: str) -> bool:
    """True when the sentence, outside its quotations, names a thing by "this/these/those" + noun, which
    only a sentence before it can say what it is: fine in a body that follows its source, not in a dek
    that opens the page."""
    return bool(_POINTS_BACK.search(outside_quotations(sentence)))


def needs_antecedent(sentence: str) -> bool:
    """True when the sentence opens on a pronoun whose referent only an earlier sentence names.

    ``His address was largely aimed at …``, ``She seems OK with that.``, ``It happened as …``,
    ``That includes Texas, Georgia and Florida …``, ``But he stopped short of …``, ``After all,
    he faced …``, ``If so, there is little evidence …``, ``As a result, …``, ``But as more endorsements …``,
    ``All of those things are …``, ``The former Massachusetts governor shared …``; not ``It’s no secret that …``, ``It took 93 years for the Academy to …``,
    ``This week the Senate …`` or ``Jones said that if elected, he …``.
    """
    if (_DEMONSTRATIVE_SUBJECT.match(sentence) or _INTRO_ANAPHOR.match(sentence) or _DISCOURSE_ANAPHOR.match(sentence)
            or _CONTINUATION.match(sentence) or _PARTITIVE_ANAPHOR.match(sentence) or _TIME_ANAPHOR.match(sentence)
            or _DEMONSTRATIVE_NOUN.match(sentence) or _FOREIGN_ANAPHOR.match(sentence)
            or _EPITHET_ANAPHOR.match(sentence) or _OPENING_DEMONSTRATIVE.match(sentence)
            or _CLAUSE_PRONOUN.match(sentence) or _CLAUSE_ALONE.match(sentence)):
        return True
    own_words = outside_quotations(sentence)
    if _REPORTED_DEMONSTRATIVE.search(own_words):
        return True
    closing = _CLOSING_CONNECTIVE.search(sentence)
    # not the "too" of the sentence's own "and …" ("… win the nomination — and bring the party down, too.")
    if closing and not (closing.group(0).lstrip(", ").startswith("too")
                        and re.search(r"\band\b[^,;]*$", sentence[: closing.start()])):
        return True
    action = _ACTION_ANAPHOR.search(own_words)
    if action and len(own_words[: action.start()].split()) < 8:
        return True
    return bool(_ANAPHOR.match(sentence)) and not _EXPLETIVE_IT.match(sentence)



# German reported speech: the subjunctive (Konjunktiv I) says a claim is someone's ("Das Team sei keineswegs
# überrascht worden.", "Es gebe keine Hinweise auf …"). Not an idiom ("es sei denn", "sei es …").
_KONJUNKTIV = re.compile(
    r"(?<![\w-])(?:sei|seien|habe|könne|müsse|werde|solle|wolle|dürfe|möge|wisse|gebe|liege|stehe|gehe|komme|"
    r"bleibe|brauche|fehle|handle|handele|gelte)(?![\w-])"
)
_KONJUNKTIV_IDIOM = re.compile(r"(?i)\bes sei denn\b|\bwie dem auch sei\b|\bsei es\b|\bgott sei dank\b")
# The sentence names whose claim it is: "sagte der Minister", "so Caspar", "laut Polizei", "nach Angaben …".
_REPORTED_BY = re.compile(
    r"(?i)\b(?:sagte|sagt|sagten|sagen|erklärte|erklärt|erklärten|erklären|betonte|betont|betonten|teilte|teilt|"
    r"teilten|mitgeteilt|mitteilte|so (?:der|die|das)|laut|zufolge|angaben|hieß es|heißt es|berichtete|berichtet|"
    r"berichten|schreibt|schrieb|meinte|meint|argumentiert|argumentierte|kritisiert|kritisierte|warnte|warnt|"
    r"fordert|forderte|räumte|räumt|ergänzte|ergänzt|fügte|versicherte|versichert|behauptete|behauptet|behaupten|"
    r"bestätigte|bestätigt|bekräftigte|bekräftigt|gab an|gibt an|äußerte|äußert|zitiert|sprach|spricht|hofft|"
    r"hoffte|glaubt|glaubte|vermutet|vermutete|befürchtet|befürchtete|kündigte|kündigt|verwies|verweist|mahnte|"
    r"mahnt|unterstrich|stellte klar|wies darauf hin|weist darauf hin|anfrage|idee|\w*sprecher(?:in)?)\b"
    r"|\bso [A-ZÄÖÜ]"
)


def reported_without_speaker(sentence: str) -> bool:
    """True for a German sentence in reported speech whose speaker it does not name: "Das Team sei keineswegs
    überrascht worden.", "Solange man nicht wisse, …, könne man auch nicht beurteilen, ob es
    sicherheitsrelevant sei." Its claim is someone's, named in a sentence before it; stated alone on a
    page it reads as fact. (Only for German text: "sei" is "six" in Italian.)
    """
    own = outside_quotations(sentence)
    return bool(_KONJUNKTIV.search(own)) and not _KONJUNKTIV_IDIOM.search(own) and not _REPORTED_BY.search(sentence)



# A surname's particle in lower case opens a sentence as it opens the name: "de Blasio said …",
# "van der Leyen …", "al-Sadr …", "el-Sisi …".
_NAME_PARTICLE_START = re.compile(r"^(?:(?:de|van|von|der|den|del|della|di|da|du|le|la|ten|ter|bin|ibn|al|el)[ -])+[A-Z]")


def _has_running_text(sentence: str) -> bool:
    """A lower-case letter, or a letter of a script without case (Chinese, Arabic …): not a heading in capitals or a row of figures."""
    return any(c.isalpha() and not c.isupper() for c in sentence)


# "Rick: It was a two-phase approach.", "Mr Malone: Usually, …", "Q: …": a line of a transcript.
_SPEAKER_LABEL = re.compile(r"^((?:[A-Z][\w.’'-]*)(?: [A-Z][\w.’'-]*){0,2}): (?=\S)")


def speaker_label(sentence: str) -> str | None:
    """The label of a transcript line ("Rick" in "Rick: It was …"), or None."""
    m = _SPEAKER_LABEL.match(sentence)
    return m.group(1) if m else None


def transcript_speakers(sentences: list[str]) -> frozenset[str]:
    """The speaker labels of an interview transcript in ``sentences``, or none.

    A text where two or more labels each come back ("Rick: …", "Marissa: …", "Rick: …", "Marissa: …") is a
    transcript: its lines are what the labelled person said, in their words and without
    quotation marks, so they can be neither stated as fact nor cited as a quote. A label used
    once, or one label repeated ("Update: …" in a live blog), is not a transcript.
    """
    counts = Counter(label for label in map(speaker_label, sentences) if label)
    turns = {label for label, n in counts.items() if n >= 2}
    return frozenset(counts) if len(turns) >= 2 else frozenset()


# The heading of an article's apparatus: what follows it is a reference list, notes or links, not the
# story ("References", "Einzelnachweise", "See also", "Weblinks", "Notes et références").
_APPARATUS_HEADING = re.compile(
    r"(?i)^(?:references?|bibliography|works cited|literature cited|sources|notes|footnotes|endnotes|citations|"
    r"further reading|see also|external links|notes and references|references and notes|"
    r"literatur|literaturverzeichnis|literaturhinweise|quellen|quellenangaben|quellenverzeichnis|einzelnachweise|"
    r"anmerkungen|fußnoten|weblinks|siehe auch|weiterführende literatur|"
    r"références|bibliographie|notes et références|voir aussi|liens externes|referencias|bibliografía|notas|"
    r"véase también|enlaces externos|riferimenti|bibliografia|voci correlate|collegamenti esterni|"
    r"referenties|bronnen|literatuur|zie ook|externe links|referências|ver também|ligações externas)\s*:?$"
)
# An entry of a reference list: "Peasah SK ,Azziz-Baumgartner E ,Breese J ,et al .", "N Engl J Med.
# 2006;355:2523-32.", "… Br J Dermatol. 2015;173(1):50–8.", "[PMID: 24055351]", "doi:10.1016/…".
_CITATION = re.compile(
    r"\b(?:19|20)\d\d(?:\s[A-Z][a-z]{2})?;\s?\d+(?:\(\d+\))?:\s?[A-Za-z]?\d+|\bPMID:?\s?\d|\bdoi:\s?10\.\d|"
    r"\bet al\s?\.\s*$|(?:\b[A-Z][\w’'-]+ [A-Z]{1,3}(?: Jr)? ,){2}"
)


# A photo caption in the text: "Taiwanese President Tsai Ing-wen speaks during a televised policy debate in
# Taipei on Sunday." Captions describe a picture in the present tense with verbs reports rarely use so.
_CAPTION = re.compile(
    r"^[^.!?]{3,120}?\b(?:gestures|poses (?:with|for|in|at|next to|alongside|after)|looks on|waves to|speaks during|speaks at|speaks to reporters|"
    r"arrives at|arrives for|leaves after|listens during|listens to|reacts during|reacts after|attends a|"
    r"attends the|is pictured|are pictured|pictured (?:here|above|below|left|right))\b"
)


def is_caption(sentence: str, image_alt: str | None = None) -> bool:
    """True for a photo caption in an article's text: its image's own caption, or one written like a caption."""
    if image_alt and len(image_alt.split()) >= 6:
        alt = " ".join(image_alt.split()).rstrip(". ")
        if alt and alt in " ".join(sentence.split()):
            return True
    return bool(_CAPTION.match(outside_quotations(sentence)) or _NAME_LABEL.match(sentence.strip()))


# A caption or label of names and titles only, no verb: "Chief Education Officer Dr Ramona Archer-Bradshaw."
_NAME_LABEL = re.compile(r"^(?:(?:[A-Z][\w’'.-]*|of|and|the|for|de|von|van)\s+){1,9}[A-Z][\w’'-]*\.?$")


def apparatus_start(sentences: list[str]) -> int:
    """Index of the first sentence of an article's reference list, notes or links (``len`` if none).

    A heading of its own ("References", "Einzelnachweise", "See also") after the opening starts
    the apparatus; what follows it is not the story.
    """
    for i, sentence in enumerate(sentences):
        if i and _APPARATUS_HEADING.match(sentence.strip().strip("#*").strip()):
            return i
    return len(sentences)


def is_table_row(sentence: str) -> bool:
    """True for a row of a table flattened into text (``| Indoor Days | “It's so peaceful …” |``)."""
    return sentence.lstrip().startswith("|") or sentence.count(" | ") >= 2


def usable(sentence: str) -> bool:
    words = word_count(sentence)  # Chinese and Japanese are estimated: one whitespace "word" a sentence
    if words < 5 or words > 70:
        return False
    if _BOILERPLATE.search(sentence):
        return False
    if len(_MIXED_SCRIPT_WORD.findall(sentence)) >= 2:
        return False
    if not _has_running_text(sentence):
        return False
    if _CITATION.search(sentence):
        return False  # an entry of a reference list, not prose
    if _PAGE_NOTE.match(sentence.lstrip(" ([/*_-")):
        return False  # "Editor’s note: …", "Disclaimer: …": about the page, not the story
    no_comment = _NO_COMMENT.search(sentence)
    if no_comment and len(sentence[: no_comment.start()].split()) <= 12:
        return False  # "X declined to comment." says nothing about the story
    if _LIST_ITEM.match(sentence):
        return False  # a list item ("7- renforcer …") is a fragment of a list, not a sentence that reports
    if is_table_row(sentence):
        return False  # a table row ("| Competitor Mode Enable this setting …"), not prose
    if sentence[:1] in ",;:)]}":
        return False  # what a removed link left behind: ", die das kommende Apple-Handy … zeigen."
    if sentence[:1].islower() and not sentence[1:2].isupper() and not _NAME_PARTICLE_START.match(sentence):
        # a fragment the source or the splitter cut ("ederal laws imposing …", "the truth."); not "iPhone …"
        # nor a quoted phrase ("“a threat to democracy,” Biden said …")
        return False
    if sentence.rstrip("”\"' ").endswith(("...", "…")):
        return False  # cut off by the source (teaser text): not a whole sentence
    if not _SENTENCE_END.search(sentence):
        return False  # "… sought to transform fears about immigration into": cut off without a mark
    if quote_balance(sentence) > 0:
        return False  # an unclosed quotation
    if in_own_voice(sentence):
        return False  # the author speaking (first or second person outside a quotation)
    if sentence.lstrip().startswith(("(", "[")) and _EDITORS_NOTE.search(sentence):
        return False  # an editor's aside about the articles, never part of the story
    return True


# Words that make a finite verb certain, so only the rest needs the tagger ("be", "been", "being" do not:
# "… heading into courtroom to be sworn in." is a caption).
_SURELY_A_VERB = re.compile(
    r"(?i)\b(?:is|are|was|were|has|have|had|do|does|did|will|would|can|could|may|might|must|"
    r"shall|should|said|says|say|\w+ed)\b"
)


# German words that are no verb: a German sentence whose every lower-case word is one of these has none, for
# German capitalises its nouns and not its verbs ("Energy Rising – Playlist auf YouTube." led a page).
_GERMAN_FUNCTION_WORDS = frozenset(
    "der die das den dem des ein eine einer einem einen eines und oder aber auf in im am an ans zu zum zur von "
    "vom mit für bei beim aus nach über unter vor durch gegen ohne um bis ab seit als wie so nicht auch noch nur "
    "schon sehr sowie bzw".split()
)
_GERMAN_LOWER_WORD = re.compile(r"(?<![\w-])[a-zäöüß]+(?![\w-])")


def verbless(sentence: str, language: str | None) -> bool:
    """True for a "sentence" with no finite verb: a caption under a photo that lost its picture ("The real
    state epidemiologist Anders Tegnell at one of the Public Health Agency's daily briefings.", "…, Raquel
    Montoya-Lewis, heading into courtroom to be sworn in."), a label, a reference entry. English by spaCy's
    tagger; German by its lower-case words, none of which may be more than an article, a preposition or a
    conjunction ("Energy Rising – Playlist auf YouTube.", "Olson, Mancur: Aufstieg und Niedergang von
    Nationen."; not a quotation). False in other languages and for English without spaCy."""
    if language == "de":
        if any(mark in sentence for mark in "„“”\"«»"):
            return False
        return all(word in _GERMAN_FUNCTION_WORDS for word in _GERMAN_LOWER_WORD.findall(sentence))
    if language != "en" or _SURELY_A_VERB.search(sentence):
        return False
    return has_finite_verb(sentence) is False
