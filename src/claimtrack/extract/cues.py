"""Cue words and verb forms that mark commitments, facts and events (kk, ru, en).

Strong cues make a sentence a commitment even when it holds figures ("ұсынамыз",
"планируем", "will"); weak cues ("қолдайды", "үміттенеміз", "-уға болады") only when it
holds none. A future verb form counts when the sentence also names a future time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

W = r"[\wәғқңөұүһіё-]"
SUF = r"(?<=\w)"  # a suffix pattern: matched where it starts, the word is added back later

STRONG: dict[str, tuple[str, ...]] = {
    "kk": (
        r"ұсын(?:амыз|амын|ады|атын\s+бол\w+|ылады|ып\s+отыр\w*)",
        r"шақыр(?:амыз|амын|ады)",
        r"жоспарла(?:п\s+отыр\w*|нуда|нып\s+отыр\w*|нған|ймыз|ймын|йды|ды)",
        r"жоспар\w*\s+бар",
        r"(?:(?<=уға\s)|(?<=уге\s)|(?<=ға\s)|(?<=ге\s)|(?<=қа\s)|(?<=ке\s))(?:әзір|дайын)"
        r"(?:быз|мыз|мын|біз)?",
        r"тиіс(?:піз|пін|ті\s+емес)?|тиісті(?=\s*[.!?,;]|\s*$)",
        r"қажет(?:пін|піз)?|керек(?:пін|піз)?|міндетті(?:міз)?",
        r"тапсыр(?:амын|амыз|дым|ды|ылды)|тапсырма\s+бер\w*",
        r"міндет\w*\s+(?:қойылды|қоямын|қоямыз|қойып\s+\w+|жүктел\w*)",
        r"көзде(?:луде|ліп\s+отыр\w*|лген|леді)",
        r"ниет(?:тіміз|тімін|ті|іміз\s+бар)",
        r"жөн\s+болар\s+еді|жөн\s+болады|жөн\s+деп\s+\w+",
        r"(?:(?<=атын\s)|(?<=етін\s)|(?<=йтын\s)|(?<=йтін\s))бол(?:амыз|амын|ады)",
        r"деп\s+күтіл\w*",
        r"межеле(?:нген|п\s+отыр\w*)|мақсат\w*\s+(?:етіп|қойып)\s+отыр\w*",
        r"міндет\w*\s+(?:тұр\w*|бар)",
        # a reported future: "… станциясы салынатынын айтты"
        r"(?<=(?:атын|етін|йтын|йтін)(?:ын|ін)\s)(?<!қала\sберетінін\s)(?:айтты|атап\s+өтті|"
        r"мәлімдеді|хабарлады|жеткізді|мәлім\s+етті)",
        r"\w+(?:мақ|мек|пақ|пек|бақ|бек)(?:шымыз|шы|пыз|піз|пын|пін)",
    ),
    "ru": (
        r"предлага(?:ем|ю|ет)|планир(?:уем|ую|ует|уется|уются|уют)",
        r"запланирован\w*|намечен\w*|намерен\w*|будем|будет|будут|буду",
        r"готов(?:ы|а)?|необходимо|нужно|надо|следует|должн(?:ы|а|о)|должен",
        r"поруча(?:ю|ем)|поручил\w*|(?:ставим|поставлена|поставил\w*)\s+задач\w*",
        r"призыва(?:ю|ем)|обязу(?:емся|юсь)|собираемся|предстоит",
        r"(?:продолжим|обеспечим|построим|создадим|откроем|запустим|увеличим|снизим|доведем|"
        r"доведём|направим|выделим|реализуем|примем|внедрим|завершим|утвердим|проведем|"
        r"проведём|выйдем|достигнем|сократим|повысим|расширим|модернизируем)",
        r"(?:долж\w*|не\s+долж\w*)\s+превыша\w*|не\s+превыс(?:ит|ят)",
        r"прошу|просим|рассчитываю|считаю\s+(?:необходимым|важным|целесообразным|правильным"
        r"|нужным)|(?:важно|необходимост\w*)\s+(?:не\s+)?\w+(?:ть|ти|чь)",
        r"(?:введ[её]м|подключим|продлим|сохраним|поддержим|предоставим|обновим|перевед[её]м|"
        r"сделаем|решим|привлеч[её]м|удвоим|утроим|добь[её]мся|вложим|поможем|отремонтируем|"
        r"доведём|доведем|сниз[ия]м|повыс[ия]м|увелич[ия]м)",
    ),
    "en": (
        r"(?<!the\s)(?<!political\s)will(?!\s+of\b)|shall|won't|[a-z]'ll",
        r"plans?\s+to|planned|planning\s+to|propos(?:e|es|ing)|aims?\s+to|aiming\s+to",
        r"(?:is|are|am)\s+ready\s+to|ready\s+to|must|committed\s+to|commits?\s+to",
        r"intends?\s+to|going\s+to|(?:is|are)\s+to\s+(?:be\s+)?\w+|should|needs?\s+to",
        r"calls?\s+on|calling\s+on|urge|instruct(?:s|ed)?|pledged?|vow(?:s|ed)?",
        r"(?:my|our)\s+(?:budget|plan|proposal|bill|agenda|legislation)\s+(?:also\s+)?\w+s",
        r"promis(?:e|es|ed)|set\s+(?:a|the)\s+(?:goal|target|task)|targets?\s+(?:to|of)",
        r"(?:is|are)\s+(?:expected|scheduled|due)\s+to",
    ),
}
# Reported proposals ("Мемлекет басшысы … ұсынды"): commitments, ranked below direct speech.
REPORTED: dict[str, tuple[str, ...]] = {
    "kk": (r"ұсын(?:ды|дық|дым)|шақыр(?:ды|дым|дық)",),
    "ru": (r"предложил\w*|призвал\w*|поручил\w*",),
    "en": (r"proposed|called\s+on|urged|instructed|ordered|tasked|directed",),
}
WEAK: dict[str, tuple[str, ...]] = {
    "kk": (
        r"қолда(?:йды|ймыз|ймын)|үміттен(?:еміз|емін)|сенім(?:діміз|дімін)",
        r"(?:(?<=[^д]еуге\s)|(?<=[^т]уға\s)|(?<=\wтуға\s))(?<!айтуға\s)болады",
        r"болып\s+қала\s+береді|жалғаса\s+береді|жалғастыр(?:амыз|амын|а\s+береміз)",
    ),
    "ru": (r"поддержива(?:ем|ю|ет)|надеемся|рассчитываем|останется|сохранится",),
    "en": (r"supports?|we\s+hope|hopes?\s+to|remains?\s+committed|expects?",),
}
# Verb forms of the past and of named events: "statement" candidates.
EVENTS: dict[str, str] = {
    "kk": r"(?<=\w)(?:(?<=[бвгғджзклмнңпрстфхцчшщ])|(?<=[^ае]й))(?:ды|ді|ты|ті)"
    r"(?=\s*[.!?»,]|\s*$)|(?<=\w)(?:дық|дік|тық|тік|дым|дім|тым|тім)(?=\s*[.!?»,]|\s*$)",
    "ru": r"\b(?:открыл\w*|открыт\w*|подписал\w*|подписан\w*|состоял\w*|запустил\w*|"
    r"запущен\w*|введен\w*|ввели|принял\w*|принят\w*|провел\w*|проведен\w*|прош[её]л|"
    r"прошл[аи]|начал\w*|завершил\w*|построил\w*|построен\w*|создан\w*|создал\w*|"
    r"утвердил\w*|утвержден\w*|встретил\w*|посетил\w*|обсудил\w*|договорил\w*|"
    r"участвовал\w*)\b",
    "en": r"\b(?:opened|signed|launched|held|adopted|inaugurated|commissioned|completed|"
    r"approved|visited|met|took\s+part|attended|agreed|established|created|started)\b",
}
# A Kazakh clause ending in a present-future verb ("салынады", "өтеді", "болады").
KK_FUTURE = (
    r"(?<=\w)(?:ады|еді|йды|йді|нады|неді|амыз|еміз|ймыз|йміз|амын|емін|ймын|ймін)"
    r"(?=\s*[.!?»,]|\s*$)"
)
# Kazakh verbs of building, opening, changing in the present-future passive ("салынады",
# "жөнделеді", "құрылады"): a speech uses them for what is to come, even without a date.
KK_TELIC = (
    r"(?<!\w)(?:салын|жөндел|құрыл|ашыл|қосыл|жаңғыртыл|енгізіл|бөлін|бекітіл|аяқтал|асырыл|"
    r"ұйымдастырыл|әзірлен|қабылдан|өзгер|ұзартыл|арттырыл|көбейтіл|қысқартыл|төмендетіл|"
    r"жойыл|орнатыл|ұлғайтыл|жеткізіл|беріл|өткізіл|тапсырыл)(?:ады|еді)(?=\s*[.!?»,]|\s*$)"
)
# Present-habitual markers: the present-future reads as the present after these.
KK_NOW = r"(?<!\w)(?:қазір|бүгінде|қазіргі\s+таңда|жыл\s+сайын|жылына|әдетте|үнемі)(?!\w)"
# Cue words inside a turn of phrase that promises nothing ("нужно прямо сказать").
DISCOURSE: dict[str, str] = {
    "kk": r"(?:айта|атап|ескере)\s+кету\s+(?:керек|қажет)|айту(?:ымыз)?\s+керек|"
    r"мойында(?:уымыз|у)\s+керек",
    "ru": r"(?:нужно|надо|следует|необходимо)\s+(?:прямо\s+|честно\s+|откровенно\s+)?"
    r"(?:сказать|отметить|признать|подчеркнуть|напомнить)",
    "en": r"(?:i|we)\s+(?:must|have\s+to|should)\s+(?:say|admit|tell\s+you|note)|needless\s+to",
}
# The present/habitual reading wins for these (opinions, possibility).
KK_NOT_FUTURE = r"мүмкін|сөзсіз|анық|деп\s+\w+(?:міз|мыз)|(?<=\w)(?:атыны|етіні)\b"
PAST: dict[str, str] = {
    "kk": EVENTS["kk"],
    "ru": r"\b\w+(?:ли|ла|лся|лась|лось|лись|ло|л|ено|ёно|ано|яно|ыто|уто|ято)\b",
    "en": r"\b\w+ed\b|\b(?:was|were|had|did|grew|rose|fell|stood|came|went|took|made|saw|"
    r"gave|won|lost|spent|paid|sold|bought|built|began|became|brought|drew|ran|held|hit)\b",
}


@dataclass(frozen=True)
class Cues:
    strong: re.Pattern[str]
    any_cue: re.Pattern[str]
    reported: re.Pattern[str]
    weak: re.Pattern[str]
    events: re.Pattern[str]
    past: re.Pattern[str]
    future_verb: re.Pattern[str] | None
    not_future: re.Pattern[str]
    telic: re.Pattern[str] | None
    now: re.Pattern[str]
    discourse: re.Pattern[str]


def _join(parts: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(p for p in parts if not p.startswith(SUF))
    suffixes = "|".join(p for p in parts if p.startswith(SUF))
    body = rf"(?<!\w)(?:{words})" + (f"|{suffixes}" if suffixes else "")
    return re.compile(rf"(?:{body})(?!\w)", re.IGNORECASE)


def shown(text: str, m: re.Match[str]) -> str:
    """The matched cue with the rest of its first word (suffix patterns match mid-word)."""
    start = m.start()
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    return text[start : m.end()].strip()


@cache
def cues(lang: str) -> Cues:
    lang = lang if lang in STRONG else "en"
    return Cues(
        strong=_join(STRONG[lang]),
        any_cue=_join(STRONG[lang] + REPORTED[lang] + WEAK[lang]),
        reported=_join(REPORTED[lang]),
        weak=_join(WEAK[lang]),
        events=re.compile(EVENTS[lang], re.IGNORECASE),
        past=re.compile(PAST[lang], re.IGNORECASE),
        future_verb=re.compile(KK_FUTURE, re.IGNORECASE) if lang == "kk" else None,
        not_future=re.compile(KK_NOT_FUTURE, re.IGNORECASE),
        telic=re.compile(KK_TELIC, re.IGNORECASE) if lang == "kk" else None,
        now=re.compile(KK_NOW, re.IGNORECASE),
        discourse=re.compile(DISCOURSE[lang], re.IGNORECASE),
    )
