"""The regex grammar of time phrases, one small set of rules per language.

Patterns are written with ``<<NAME>>`` placeholders for shared pieces and may repeat a group
name; `_compile` numbers every group (``mon__3``) so a rule can use the same name in several
alternatives, and `groups` reads them back by their base name. Nothing is compiled until a
rule set is first asked for.
"""

from __future__ import annotations

import functools
import itertools
import re

from .lexicon import EN_MONTHS, KK_MONTHS, RU_MONTHS, number_words

LANGS = ("kk", "ru", "en")

_COMMON = {
    "NUMDATE": r"(?:(?P<y>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"
    r"|(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<y>\d{4}))(?![\d.-]\d)",
}

_KK = {
    "MON": r"(?P<mon>" + KK_MONTHS + r")"
    r"(?:(?P<from>[ндт][ае]н)|[ндт][ае](?:ғы|гі)|[ндт][ае]|[ғгқкн][ае]|[ндт][ыі]ң)?"
    r"(?:\s+ай(?:ы|ында|ына|ынан|ының))?(?!\w)",
    "POST": r"(?:\s+(?:(?P<by>дейін(?:гі)?|шейін(?:гі)?|қарай)|(?P<from>бастап)|(?P<since>бері)))?",
    "YA": r"(?:(?P<y>\d{1,5})\s*(?:ж\.|жыл(?:ғы|дың|ға|(?P<from>дан)|да|ы|ына|(?P<from>ынан))?"
    r"(?!\w))"
    r"|(?P<this>биыл(?:ғы)?(?:\s+жыл(?:ы|дың))?|(?:осы|ағымдағы)\s+жыл(?:ы|дың|ға|дан)?)"
    r"|(?P<next>(?:келесі|келер|алдағы)\s+жыл(?:ы|дың|ға|дан)?)"
    r"|(?P<prev>былтыр(?:ғы)?|өткен\s+жыл(?:ы|дың)?))",
    "EDGE": r"(?P<edge>(?:бас|соң|аяғ)ы|ортасы)(?:на|нда|нан)?",
    "HALF": r"(?P<half>бірінші|екінші)\s+"
    r"(?:жартысы(?:на|нда|нан)?|жартыжылдық(?:та|қа|тан)?|жартыжылдығы(?:на|нда|нан)?)",
    "QTR": r"(?P<qtr>бірінші|екінші|үшінші|төртінші)\s+тоқсан(?:ы(?:на|нда|нан)?|да|ға|нан)?",
    "SEASON": r"(?P<season>көктем|жаз|күз|қыс)(?:і|ы)?"
    r"(?:нде|нда|де|да|те|та|ге|ға|нен|нан|ден|дан|тен|тан)",
    "UNIT": r"(?P<unit>жыл|ай|апта|күн)"
    r"(?:ында|інде|дың|дің|тың|тің|ның|нің|да|де|та|те|ға|ге|ы|і)?",
}

_KK_RULES = (
    r"<<YA>>(?:\s+(?:(?:(?P<day>\d{1,2})\s+)?<<MON>>|<<EDGE>>|<<HALF>>|<<QTR>>|<<SEASON>>))?"
    r"<<POST>>",
    r"(?P<y>\d{4})\s*[-–—]\s*(?P<yend>\d{4})\s*(?:жж\.|жылдар(?:ы|да|ға|дың)?)<<POST>>",
    r"(?:(?P<nxt>келесі|келер)\s+|(?P<thisp>осы)\s+)?"
    r"(?:(?:(?P<day>\d{1,2})\s+)?<<MON>>|<<SEASON>>|<<QTR>>|<<HALF>>)<<POST>>",
    r"(?P<cur>жыл(?:дың)?)\s+(?:<<EDGE>>|<<HALF>>|<<QTR>>)<<POST>>",
    r"<<NUMDATE>><<POST>>",
    r"(?:(?P<fut>алдағы|келесі|келер|таяу|жақын)|(?P<past>соңғы|өткен))\s+(?P<num><<NUM>>)\s+"
    r"<<UNIT>>(?:\s+(?:ішінде|бойы))?",
    r"(?P<num><<NUM>>)\s+<<UNIT>>\s+(?P<fut>ішінде)",
    r"(?P<num><<NUM>>)\s+(?P<unit>жыл|ай|апта|күн)(?:нан|нен|дан|ден|тан|тен)\s+(?P<fut>кейін)",
    r"(?P<recent>соңғы\s+(?:жылдары|жылдарда|бірнеше\s+жылда|кездері))",
)

_RU = {
    "PREP": r"(?:(?P<by>до|к|ко|не\s+позднее|не\s+позже|вплоть\s+до|по)"
    r"|(?P<from>начиная\s+со?|со?|от)|(?P<in>в|во|на|в\s+течение|на\s+протяжении|в\s+ходе))\s+",
    "YG": r"(?:(?P<y>\d{1,5})\s*(?:года|г\.|г)(?!\w)"
    r"|(?P<this>(?:этого|текущего|нынешнего|сего)\s+года)"
    r"|(?P<next>(?:следующего|будущего|наступающего|грядущего)\s+года)"
    r"|(?P<prev>(?:прошлого|прошедшего|минувшего)\s+года))",
    "YS": r"(?:(?P<y>\d{1,5})\s*(?:год(?:а|у|ом)?|г\.|г)(?!\w)"
    r"|(?P<this>(?:этом|текущем|нынешнем)\s+году|(?:этот|текущий)\s+год|(?:этого|текущего)\s+года)"
    r"|(?P<next>(?:следующем|будущем|наступающем)\s+году|(?:следующий|будущий)\s+год"
    r"|(?:следующего|будущего)\s+года)"
    r"|(?P<prev>(?:прошлом|минувшем)\s+году|прошлый\s+год|прошлого\s+года))",
    "MON": r"(?P<mon>" + RU_MONTHS + r")(?!\w)",
    "EDGE": r"(?P<edge>начал[оаеу]|середин[аыеу]|кон(?:ец|ца|це|цу))",
    "HALF": r"(?P<half>перв|втор|II|I|[12])[а-яё-]{0,4}\s+(?:половин[а-я]{0,2}|полугоди[а-я]{0,2})",
    "QTR": r"(?P<qtr>перв|втор|трет|четв[её]рт|IV|III|II|I|[1-4])[а-яё-]{0,4}\s+квартал[а-я]{0,2}",
    "SEASON": r"(?:(?P<thisp>этой|этим|нынешней|нынешним)\s+|(?P<nxt>следующей|следующим"
    r"|будущей|будущим)\s+)?(?P<season>весн(?:ой|а|у|ы|е)|лет(?:ом|о|а|у)|осен(?:ью|и|ь)"
    r"|зим(?:ой|а|у|ы|е))(?!\w)",
    "UNIT": r"(?P<unit>год(?:а|у)?|годы|лет|месяц(?:а|ев|ы)?|недел(?:я|и|ь|ю)|дн(?:я|ей)|день"
    r"|полгода|полугода|десятилети(?:е|я|й))(?!\w)",
}

_RU_RULES = (
    r"(?:<<PREP>>)?(?:<<EDGE>>\s+)?(?:(?:(?P<day>\d{1,2})\s+)?<<MON>>|<<HALF>>|<<QTR>>|<<SEASON>>)"
    r"(?:\s+<<YG>>)?",
    r"(?:<<PREP>>)?(?:<<EDGE>>\s+(?:<<YG>>|(?P<cur>года))|<<YS>>)",
    r"(?:<<PREP>>)?(?P<y>\d{4})\s*[-–—]\s*(?P<yend>\d{4})\s*(?:годах|годы|годов|гг\.?)(?!\w)",
    r"(?:с|со)\s+(?P<y>\d{4})\s+(?:года\s+)?по\s+(?P<yend>\d{4})\s*(?:год|года|г\.|г)(?!\w)",
    r"(?:<<PREP>>)?<<NUMDATE>>",
    r"по\s+итогам\s+(?:<<YG>>|(?P<this>года))",
    r"(?:(?P<fut>в\s+течение|в\s+ближайш(?:ие|ий|ее|ую)|в\s+следующ(?:ие|ий)|через"
    r"|на\s+протяжении|за\s+ближайш(?:ие|ий))|(?P<past>(?:за|в)\s+последн(?:ие|ий|юю|ее)"
    r"|за\s+(?:прошедш|минувш)(?:ие|ий)|за\s+прошл(?:ые|ый)))\s+(?:(?P<num><<NUM>>)\s+)?<<UNIT>>",
    r"(?P<recent>в\s+последнее\s+время)",
)

_EN = {
    "PREP": r"(?:(?P<by>by|until|till|before|no\s+later\s+than|not\s+later\s+than)"
    r"|(?P<from>from|starting(?:\s+(?:in|from|on))?|beginning\s+(?:in|on)|as\s+of|effective)"
    r"|(?P<since>since)|(?P<in>in|during|throughout|within|for|on|at|over))\s+",
    "MONDAY": r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<mon>" + EN_MONTHS + r")"
    r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d))?",
    "YEARAFTER": r"(?:,?\s+(?P<y>\d{4,5})(?!\d)|\s+(?:of\s+)?(?P<next>next\s+year)"
    r"|\s+(?:of\s+)?(?P<this>this\s+year)|\s+(?:of\s+)?(?P<prev>last\s+year))",
    "YEARWORD": r"(?:(?P<y>\d{4,5})(?!\d)(?:\s+year)?|(?:the\s+)?year\s+(?P<y>\d{1,5})(?!\d)"
    r"|(?P<next>next\s+year|the\s+(?:next|following|coming)\s+year)"
    r"|(?P<this>this\s+year|the\s+current\s+year|current\s+year)"
    r"|(?P<prev>last\s+year|the\s+previous\s+year))",
    "REL": r"(?:(?P<nxt>next|the\s+coming|coming)|(?P<thisp>this|later\s+this|earlier\s+this)"
    r"|(?P<prevp>last|this\s+past))\s+",
    "EDGEOF": r"(?:(?:the\s+)?(?P<edge>end|start|beginning|middle)\s+of\s+(?:the\s+)?"
    r"|(?P<edge>early|mid|late)[-\s]+)",
    "HQS": r"(?:(?P<half>first|second|1st|2nd)\s+half|(?P<half>H[12])"
    r"|(?P<qtr>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|(?P<qtr>Q[1-4])"
    r"|(?P<season>spring|summer|autumn|fall|winter))",
    "UNIT": r"(?P<unit>years?|months?|weeks?|days?|decades?)(?!\w)",
}

_EN_RULES = (
    r"(?:<<PREP>>)?(?:<<EDGEOF>>)?(?:<<REL>>)?(?:<<MONDAY>>(?:<<YEARAFTER>>)?"
    r"|(?:the\s+)?<<HQS>>(?:\s+(?:of\s+)?(?:<<YEARWORD>>|(?P<cur>the\s+year)))?"
    r"|<<YEARWORD>>)",
    r"(?:<<PREP>>)?<<EDGEOF>>(?P<cur>year)",
    r"(?:<<PREP>>)?(?P<cur>year)[-\s](?P<edge>end)",
    r"(?:from|between)\s+(?P<y>\d{4})\s+(?:to|and|until|through|till)\s+(?P<yend>\d{4})(?!\d)",
    r"(?P<in>in|for|during|throughout|over)\s+(?:the\s+)?(?:period\s+)?"
    r"(?P<y>\d{4})\s*[–—-]\s*(?P<yend>\d{4})(?!\d)",
    r"(?:<<PREP>>)?<<NUMDATE>>",
    r"(?:(?P<fut>within|(?:in|over|during|for)\s+the\s+(?:next|coming)|in)"
    r"|(?P<past>(?:over|in|during|for)\s+the\s+(?:past|last)))\s+(?:(?P<num><<NUM>>)\s+)?<<UNIT>>",
    r"(?P<recent>(?:in|over|during)\s+(?:recent\s+years|the\s+(?:last|past)\s+(?:few|several)"
    r"\s+years))",
    r"(?P<ytd>so\s+far\s+this\s+year|this\s+year\s+so\s+far|year\s+to\s+date)",
)

# Every match of a language's rules contains one of its trigger words (lower case, "_" for a
# space); `find` runs the rules only near a trigger, which keeps a megabyte of text well under
# a second.
_DIGITS = "0 1 2 3 4 5 6 7 8 9 "
_TRIGGERS = {
    "kk": _DIGITS + KK_MONTHS.replace("|", " ") + " биыл былтыр келесі келер алдағы соңғы"
    " өткен таяу жақын ағымдағы осы_жыл басы соң аяғ ортас тоқсан жарты көктем жаз күз қыс"
    " ішінде кейін",
    "ru": _DIGITS + "январ феврал март апрел май мая мае маю маем июн июл август сентябр октябр"
    " ноябр декабр год лет течение ближайш следующ через протяжении последн прошедш минувш"
    " прошл начал середин конц конец квартал полугод половин весн осен зим",
    "en": _DIGITS + "jan feb mar apr may jun jul aug sep oct nov dec year month week day decade"
    " spring summer autumn fall winter half quarter",
}

_SOURCES = {"kk": (_KK, _KK_RULES), "ru": (_RU, _RU_RULES), "en": (_EN, _EN_RULES)}
_PLACEHOLDER = re.compile(r"<<(\w+)>>")
_GROUP = re.compile(r"\(\?P<(\w+)>")


def _expand(source: str, pieces: dict[str, str]) -> str:
    while "<<" in source:
        source = _PLACEHOLDER.sub(lambda m: pieces[m[1]], source)
    return source


def _compile(source: str, pieces: dict[str, str]) -> re.Pattern[str]:
    """Rules match lower-cased text: case-sensitive matching is much faster than IGNORECASE."""
    counter = itertools.count()
    body = _GROUP.sub(lambda m: f"(?P<{m[1]}__{next(counter)}>", _expand(source, pieces))
    body = body.replace("(?-i:", "(?:").lower().replace("(?p<", "(?P<")
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)")


@functools.cache
def rules(lang: str) -> tuple[re.Pattern[str], ...]:
    """The compiled rules of one language, in priority order (first wins a tie).

    They expect text passed through `lower`.
    """
    table, sources = _SOURCES[lang]
    num = r"(?:\d{1,3}|(?:" + number_words() + r")(?:[\s-]+(?:" + number_words() + r"))?)"
    pieces = {**_COMMON, **table, "NUM": num}
    return tuple(_compile(source, pieces) for source in sources)


def lower(text: str) -> str:
    """``text.lower()`` with one character for one: offsets stay valid ("İ" stays "İ")."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def group_span(match: re.Match[str], name: str) -> tuple[int, int] | None:
    """Where the first group with base name ``name`` matched."""
    for key, value in match.groupdict().items():
        if value is not None and key.split("__", 1)[0] == name:
            return match.span(key)
    return None


def groups(match: re.Match[str]) -> dict[str, str]:
    """The groups that took part in a match, by base name (the first one wins)."""
    found: dict[str, str] = {}
    for key, value in match.groupdict().items():
        if value is not None:
            found.setdefault(key.split("__", 1)[0], value)
    return found


@functools.cache
def trigger(lang: str) -> re.Pattern[str]:
    """The trigger words of a language; expects text passed through `lower`."""
    words = sorted({word.replace("_", " ") for word in _TRIGGERS[lang].split()}, key=len)
    words.reverse()
    return re.compile("|".join(re.escape(word) for word in words))
