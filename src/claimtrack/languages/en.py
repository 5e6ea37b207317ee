"""English: numbers, units, comparators, cues and the deadline grammar."""

from __future__ import annotations

from .model import Cues, Figures, Language, Numbers, Sentences, TimeGrammar

WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6,
    "billion": 10**9, "trillion": 10**12, "dozen": 12,
}  # fmt: skip

NUMBERS = Numbers(
    words=WORDS,
    joiners=("and",),
    lone_one=("one",),
    group_mark=",",
    scales=(
        (r"thousand", 1000),
        (r"million|mln|mn", 10**6),
        (r"billion|bn|bln", 10**9),
        (r"trillion|trln|tn", 10**12),
    ),
    scale_letters=((r"k", 1000), (r"m", 10**6), (r"b", 10**9)),
)

MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
ORDINALS = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"

FIGURES = Figures(
    units=(
        (r"percentage[\s-]+points?|p\.\s?p\.|pp\b", "pp", "percent"),
        (r"per[\s-]?cents?\b|pct\b", "%", "percent"),
        (r"times\b|-?fold\b", "times", "multiplier"),
        (r"tenge", "KZT", "money"),
        (r"(?:us\s+|american\s+)?dollars?", "USD", "money"),
        (r"euros?", "EUR", "money"),
        (r"roubles?|rubles?", "RUB", "money"),
        (r"yuan|renminbi", "CNY", "money"),
        (r"manat", "AZN", "money"),
        (r"som\b", "KGS", "money"),
        (r"rand\b", "ZAR", "money"),
        (r"pounds?\s+sterling|pounds?\b", "GBP", "money"),
        (r"tonnes?|tons?\b", "t", "quantity"),
        (r"square\s+met(?:re|er)s?|sq\.?\s?m\b", "m2", "quantity"),
        (r"square\s+kilomet(?:re|er)s?|sq\.?\s?km\b", "km2", "quantity"),
        (r"cubic\s+met(?:re|er)s?", "m3", "quantity"),
        (r"kilomet(?:re|er)s?|km\b", "km", "quantity"),
        (r"met(?:re|er)s?\b|m\b", "m", "quantity"),
        (r"hectares?|ha\b", "ha", "quantity"),
        (
            r"containers?|twenty-foot\s+equivalent\s+units?(?:\s*\(teu\))?",
            "container",
            "quantity",
        ),
        (r"miles?\b", "mi", "quantity"),
        (r"barrels?", "barrel", "quantity"),
        (r"mw\b|megawatts?", "MW", "quantity"),
        (r"gw\b|gigawatts?", "GW", "quantity"),
        (r"kwh\b", "kWh", "quantity"),
        (r"litres?|liters?", "l", "quantity"),
        (r"years?\b", "year", "duration"),
        (r"months?\b", "month", "duration"),
        (r"weeks?\b", "week", "duration"),
        (r"days?\b", "day", "duration"),
        (r"hours?\b", "hour", "duration"),
        (r"minutes?\b|mins?\b", "minute", "duration"),
        (r"kv\b|kilovolts?", "kV", "quantity"),
        (r"twh\b|terawatt[\s-]hours?", "TWh", "quantity"),
        (r"shillings?|kes\b", "KES", "money"),
    ),  # fmt: skip
    pre=(
        (
            r"must\s+not\s+exceed|not\s+(?:to\s+)?exceed|no\s+more\s+than|at\s+most|up\s+to|"
            r"cap(?:s|ped|ping)?\s+(?:[\w']+\s+){0,5}at|a\s+maximum\s+of|maximum\s+of",
            "<=",
        ),
        (r"at\s+least|no\s+(?:less|fewer)\s+than|a\s+minimum\s+of|minimum\s+of", ">="),
        (
            r"more\s+than|over|above|exceed(?:ing|ed|s)?|surpass(?:ed|es|ing)?|topped|tops|"
            r"in\s+excess\s+of|upwards\s+of|north\s+of|passed|passes|beyond",
            ">",
        ),
        (r"less\s+than|fewer\s+than|under|below|short\s+of", "<"),
        (
            r"about|around|approximately|approx\.?|roughly|some|circa|nearly|almost|"
            r"close\s+to|an\s+estimated|estimated\s+at|just\s+(?:over|under)|"
            r"in\s+the\s+region\s+of|or\s+so",
            "~",
        ),
    ),  # fmt: skip
    post=(
        (r"or\s+more|and\s+(?:more|above|over)", ">="),
        (r"or\s+less|or\s+fewer", "<="),
        (r"plus|and\s+counting", ">"),
        (r"or\s+so", "~"),
    ),
    shares=(
        (r"two[-\s]thirds", 66.7, "~"),
        (r"a\s+third|one[-\s]third", 33.3, "~"),
        (r"three[-\s]quarters", 75, "="),
        (r"a\s+quarter\s+of|one[-\s]quarter", 25, "="),
        (r"a\s+fifth|one[-\s]fifth", 20, "="),
        (r"a\s+tenth|one[-\s]tenth", 10, "="),
        (r"half\s+of|half\s+the", 50, "="),
    ),
    multipliers=(
        (r"doubl(?:e|ed|ing)(?!\s+(?:taxation|standards?|digits?))|twofold|two-fold", 2),
        (r"tripled?|tripling|threefold|three-fold", 3),
        (r"quadrupled?|fourfold|four-fold", 4),
        (r"fivefold|five-fold", 5),
        (r"sixfold|six-fold", 6),
        (r"tenfold|ten-fold", 10),
        (r"halved", 0.5),
        (r"one\s+and\s+a\s+half\s+times", 1.5),
        (r"twice(?=\s+(?:as|the|that|than|what|its|their|our))", 2),
    ),
    months=MONTHS,
    idioms=r"one\s+of|one\s+another|on\s+the\s+one\s+hand|no\s+one|second\s+to\s+none|"
    r"one\s+by\s+one|the\s+one|a\s+thousand\s+words|two-way|two\s+sides|both|"
    r"two\s+countries|two\s+nations|the\s+two\s+(?:sides|leaders)|one\s+day|"
    r"one\s+(?:more|thing|step|way|side|voice|team|country|nation|people|region)\b",
    periods=(
        r"(?:over|in|during)\s+the\s+(?:past|last|previous)\s+(?:NUM\s+)?"
        r"(?:years?|months?|weeks?|decades?)",
        r"since\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+year|YEAR)|last\s+year"
        r"|so\s+far\s+this\s+year",
        r"(?:in|during)\s+YEAR(?!\s*[-–]?\s*\d)",
        r"(?:in|over|during|for)\s+(?:the|its|their)\s+first\s+(?:NUM\s+)?(?:years?|months?)",
    ),
    ordinal_suffixes=r"st|nd|rd|th",
    labels=r"no\.|article|page|paragraph|section|clause|item|chapter|resolution",
    month_counts=r"(?:the\s+first\s+)?NUMWORD\s+months\s+of\s+(?:the\s+year|this\s+year|YEAR)",
    not_counts=(
        # anniversaries and ages of institutions: "30 years since independence"
        r"NUMWORD(?:th)?(?:[\s-]+years?)?[\s-]+anniversary"
        r"|NUMWORD\s+(?:years?|decades?)\s+(?:since|after|ago|of\s+(?:independence|our\s+"
        r"independence))"
        r"|NUMWORD[\s-]+year[\s-]+(?:old|history)"
        # numeral adjectives: "three-way", "two-party", "one-sided"
        r"|NUMWORD-(?:way|party|sided|tier|track|pronged|fold\s+approach|step|point|stage)\b"
        # list counts: "three priorities", "two things"
        r"|NUMWORD\s+(?:key\s+|main\s+|major\s+|important\s+|new\s+|basic\s+)?"
        r"(?:priorities|tasks|directions|areas|points|things|questions|issues|principles|"
        r"pillars|goals|proposals|reasons|steps|ways|lessons|messages|words|actions|"
        r"initiatives|instructions|objectives|aspects)\b"
        # a year in a title: "the 2026 budget", "Vision 2050"
        r"|(?:vision|strategy|agenda|horizon|programme|program|expo)\s+YEAR\b"
        r"|the\s+YEAR\s+(?-i:[A-Z])"
        r"|the\s+YEAR\s+(?:budget|message|address|strategy|plan|programme|program|agenda|"
        r"olympics|games|expo|cup|summit|elections?)"
    ),
    year_before=r"in|by|since|until|from|to|of|before|after|through|between|and",
    year_after=r"[-–]\d",
    ordinals=ORDINALS,
    every_second=r"every\s+(?:second|other)|one\s+in\s+(?:every\s+)?two|one\s+out\s+of\s+(?:every\s+)?two",
    range_to=r"to|and",
    range_open=r"from|between",
    change_open=r"from",
)

CUES = Cues(
    strong=(
        r"(?<!the\s)(?<!political\s)(?<!good\s)will(?!\s+of\b)(?!\s+be\s+(?:remembered|"
        r"recalled))|shall|won't|[a-z]'ll",
        r"plans?\s+to|planned|planning\s+to|propos(?:e|es|ing)|aims?\s+(?:to|for|at)|"
        r"aiming\s+(?:to|for|at)",
        r"(?:is|are|am)\s+ready\s+to|ready\s+to|must|committed\s+to|commits?\s+to",
        r"intends?\s+to|going\s+to|(?:is|are)\s+to\s+(?:be\s+)?\w+|should|needs?\s+to",
        r"calls?\s+(?:on|for)|calling\s+(?:on|for)|urges?|urging|instruct(?:s|ed)?|"
        r"pledg(?:e|es|ed|ing)|vow(?:s|ed)?",
        r"(?:my|our)\s+(?:budget|plan|proposal|bill|agenda|legislation)\s+(?:also\s+)?\w+s",
        r"promis(?:e|es|ed)|set\s+(?:a|the|an)\s+(?:\w+\s+){0,2}(?:goal|target|task)|"
        r"(?:has|have)\s+set\s+(?:a|an|the)\s+(?:\w+\s+){0,3}(?:goal|target)|"
        r"targets?\s+(?:to|of)|targeting",
        r"(?:is|are)\s+(?:scheduled|due|set)\s+to",
        r"it\s+is\s+(?:necessary|essential|important|vital|crucial|imperative)\s+to|"
        r"(?:we|i)\s+(?:have|need)\s+to|has\s+to|have\s+to",
        r"(?:we|i)\s+(?:have\s+)?agreed\s+to|(?:have|has)\s+agreed\s+to|"
        r"(?:is|are)\s+determined\s+to|seeks?\s+to|seeking\s+to|resolved\s+to|"
        r"(?:we|i)\s+want\s+to|let\s+us|let's",
    ),
    # a headline's future: "Government to invest $2 billion" (matched with its capitals)
    headline=(
        r"(?-i:^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})\s+to\s+(?:invest|build|open|launch|"
        r"cut|raise|spend|create|introduce|allocate|double|expand|hold|host|sign|start|"
        r"increase|reduce|provide|set\s+up|ban|end|begin)\b",
    ),
    reported=(
        r"proposed|called\s+(?:on|for)|urged|instructed|ordered|tasked|directed|demanded|"
        r"requested|asked\s+(?:the|for|to)|charged\s+\w+\s+with|"
        r"would(?!\s+(?:like|have|require|need|cost|take|mean|be\s+(?:good|great|wrong|a\s+"
        r"mistake)))",
    ),
    weak=(
        r"supports?|supported|we\s+hope|hopes?\s+to|hoped|remains?\s+committed|backs?|backed|"
        r"endorsed?",
    ),
    events=r"\b(?:opened|signed|launched|held|adopted|inaugurated|commissioned|completed|"
    r"approved|visited|met|took\s+part|attended|agreed|established|created|started)\b",
    past=r"\b\w+ed\b|\b(?:was|were|had|did|grew|rose|fell|stood|came|went|took|made|saw|"
    r"gave|won|lost|spent|paid|sold|bought|built|began|became|brought|drew|ran|held|hit)\b",
    forecast=r"(?<!\w)(?:expect(?:s|ed)?|forecasts?|projects?|predicts?|sees)\s+"
    r"(?:\w+\s+){0,8}(?:at|to\s+(?:reach|rise|grow|fall|increase|decrease|exceed|hit|top|"
    r"recover|decline|drop|stay|be))\b|"
    r"(?:is|are)\s+(?:expected|forecast|projected|predicted|estimated|likely|"
    r"anticipated)\s+to|forecasts?\s+(?:that|a|an|the)|(?:is|are)\s+on\s+track\s+to|"
    r"according\s+to\s+(?:the\s+)?(?:forecasts?|projections?|estimates?)|"
    r"(?:analysts|experts|economists)\s+(?:expect|predict|forecast)",
    anniversary=r"\banniversary\b|\b\d+\s+years\s+(?:since|after|ago)\b",
    back_reference=r"\b(?:in|at)\s+(?:it|them)\b|\b(?:this|that|the|these)\s+(?:summit|meeting|forum|conference|session|"
    r"visit|event|congress|talks|exhibition|expo|games|festival|ceremony|vote|election|"
    r"referendum|launch|gathering)s?\b|\bthere\b",
    discourse=r"(?:i|we)\s+(?:must|have\s+to|should)\s+(?:say|admit|tell\s+you|note)|"
    r"needless\s+to|(?:i|we)\s+will\s+(?:never\s+)?forget|(?:i|we)\s+will\s+(?:be\s+(?:brief|"
    r"honest|frank|short)|not\s+(?:pretend|hide|dwell)|say|tell\s+you|speak|start|begin|end|"
    r"conclude|turn\s+to)",
)

SENTENCES = Sentences(
    abbreviations=tuple(
        "mr mrs ms dr st jr sr prof gen gov sen rep no vs e.g i.e u.s u.k approx".split()
    ),
    furniture=r"photo|source|read\s+(?:also|more)|share|page\s+\d+|tags:",
    said=r"said|added|noted|stressed|told\s+\w+",
    conjunctions=r"and|but|while|whereas",
    future_aux=r"will|shall",
    stamp_words=rf"(?:{MONTHS})\w*|p\.?m|a\.?m",
)

EN_MONTHS = (
    "(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)

TIME = TimeGrammar(
    pieces={
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
    },
    rules=(
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
        r"|(?P<past>(?:over|in|during|for)\s+the\s+(?:past|last)))\s+(?:(?P<num><<NUM>>)\s+)?"
        r"<<UNIT>>",
        r"(?P<recent>(?:in|over|during)\s+(?:recent\s+years|the\s+(?:last|past)\s+(?:few|several)"
        r"\s+years))",
        r"(?P<ytd>so\s+far\s+this\s+year|this\s+year\s+so\s+far|year\s+to\s+date)",
    ),
    triggers="jan feb mar apr may jun jul aug sep oct nov dec year month week day decade"
    " spring summer autumn fall winter half quarter",
    numbers={
        "a": 1,
        "an": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "fifteen": 15,
        "eighteen": 18,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
    },  # fmt: skip
    months={
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "may": 5,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    },  # fmt: skip
    ordinals={
        "first": 1,
        "second": 2,
        "third": 3,
        "fourth": 4,
        "1st": 1,
        "2nd": 2,
        "3rd": 3,
        "4th": 4,
        "h1": 1,
        "h2": 2,
        "q1": 1,
        "q2": 2,
        "q3": 3,
        "q4": 4,
    },  # fmt: skip
    seasons={
        "spring": "spring",
        "summer": "summer",
        "autumn": "autumn",
        "fall": "autumn",
        "winter": "winter",
    },  # fmt: skip
    edges={
        "start": "start",
        "beginning": "start",
        "early": "start",
        "mid": "mid",
        "end": "end",
        "late": "end",
    },  # fmt: skip
    units={
        "decade": (120, 0),
        "year": (12, 0),
        "month": (1, 0),
        "week": (0, 7),
        "day": (0, 1),
    },  # fmt: skip
    plural_units=frozenset({"years"}),
    verb_months=frozenset({"may", "march", "mar"}),
    bare_months=False,
)

LANGUAGE = Language(
    code="en",
    name="English",
    script="A-Za-z",
    marks="",
    numbers=NUMBERS,
    figures=FIGURES,
    cues=CUES,
    sentences=SENTENCES,
    time=TIME,
)
