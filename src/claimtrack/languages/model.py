"""What a language gives the extractor and the deadline layer: words and regex sources only.

Every field is data (strings, tuples, mappings); `extract.patterns`, `extract.cues` and
`deadlines.grammar` compile them on first use. Figure patterns are matched case-insensitively
on the original text; cues (except `headline`) and the deadline grammar are matched on
lower-cased text (write them in lower case; case-sensitive matching is much faster).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Unit = tuple[str, str, str]  # (regex, unit, kind)
Comparator = tuple[str, str]  # (regex, comparator)


@dataclass(frozen=True, eq=False)
class Numbers:
    """Number words and how digits are written."""

    words: Mapping[str, int]  # every written form, lower case ("жүзге": 100)
    joiners: tuple[str, ...] = ()  # inside one number: "two hundred and fifty"
    lone_one: tuple[str, ...] = ()  # forms of 1 that alone are an article ("бір", "one")
    group_mark: str = ","  # the thousands mark of plain digits ("1,250" in en, "1.250" in ru)
    scales: tuple[tuple[str, int], ...] = ()  # after digits, maybe after a space: "5 млрд"
    scale_letters: tuple[tuple[str, int], ...] = ()  # right after digits: "5bn", "$3m"


@dataclass(frozen=True, eq=False)
class Figures:
    """Units, comparators, shares and the phrases that look like figures but are not."""

    units: tuple[Unit, ...] = ()  # first that matches wins
    pre: tuple[Comparator, ...] = ()  # before the number: "more than"
    post: tuple[Comparator, ...] = ()  # after the number and its unit: "астам"
    shares: tuple[tuple[str, float, str], ...] = ()  # (regex, percent, comparator)
    multipliers: tuple[tuple[str, float], ...] = ()  # (regex, factor): "tripled"
    months: str = ""  # month names: "5 March" is a date, not a figure
    idioms: str = ""  # set phrases with number words that count nothing
    periods: tuple[str, ...] = ()  # "over the past five years": a figure's period
    ordinal_suffixes: str = ""  # "2-nd", "5-ші": not counts
    labels: str = ""  # "article 5", "бап 5": a label, not a count
    month_counts: str = ""  # "the first nine months of the year": a reporting period
    not_counts: str = ""  # anniversaries, list counts, numeral adjectives
    year_before: str = ""  # words before a year: "in", "by", "в"
    year_after: str = ""  # words after a year: "жылы", "года"
    ordinals: str = ""  # "first", "second": "the first third" is no share
    every_second: str = ""  # "every second": half of a group (50 %)
    range_to: str = ""  # "from 5 to 7": the word between
    range_open: str = ""  # "between 5 and 7": the word before a range
    change_open: str = ""  # "from 5 to 7" read as a change
    change_from: str = ""  # a suffix marking where a change starts ("85 мыңнан")
    reached_before: str = ""  # "снизилась до" + figure: a value reached, "=" not "<="
    reached_after: str = ""  # figure + "дейін төмендеді": the same, the verb after


@dataclass(frozen=True, eq=False)
class Cues:
    """Words and verb forms that mark commitments, forecasts, reports and past events."""

    strong: tuple[str, ...] = ()  # a commitment, even with figures
    headline: tuple[str, ...] = ()  # a commitment in a headline (matched case-sensitively)
    reported: tuple[str, ...] = ()  # a proposal reported by a third person
    weak: tuple[str, ...] = ()  # a commitment only without figures
    events: str = r"(?!)"  # past events: statements
    past: str = r"(?!)"  # any past verb form
    forecast: str = r"(?!)"  # "is expected to reach": a claim about the future, no promise
    future_verb: str | None = None  # a present-future verb form (kk), None: not marked
    telic: str | None = None  # verbs of building and changing in the future passive (kk)
    now: str = r"(?!)"  # habitual markers: the present-future reads as the present
    not_future: str = r"(?!)"  # opinions, possibility
    discourse: str = r"(?!)"  # turns of phrase holding cue words ("нужно сказать")
    anniversary: str = r"(?!)"  # "30 years since …", "35 жыл толады": no claim at all
    back_reference: str = r"(?!)"  # "this summit", "на нём": an event named before


@dataclass(frozen=True, eq=False)
class Sentences:
    """What the sentence splitter needs from a language."""

    abbreviations: tuple[str, ...] = ()  # a dot after these does not end a sentence
    furniture: str = r"(?!)"  # page lines that are no speech ("Photo:", "Read also")
    said: str = r"(?!)"  # a reporting tail cut from a quote ("– he said")
    conjunctions: str = r"(?!)"  # a clause starts after ", and"
    future_aux: str = r"(?!)"  # "and … will": a new clause with a future
    stamp_words: str = r"(?!)"  # words of a date line ("года", "жылғы")


@dataclass(frozen=True, eq=False)
class TimeGrammar:
    """The deadline grammar: regex rules with ``<<PIECE>>`` placeholders and word tables."""

    pieces: Mapping[str, str]
    rules: tuple[str, ...]
    triggers: str  # every match contains one of these (lower case, "_" for a space)
    numbers: Mapping[str, int]  # "in five years"
    months: Mapping[str, int]  # month stems
    ordinals: Mapping[str, int] = field(default_factory=dict)  # stems: "first"
    seasons: Mapping[str, str] = field(default_factory=dict)  # stem -> spring|summer|…
    edges: Mapping[str, str] = field(default_factory=dict)  # stem -> start|mid|end
    units: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # stem -> (months, days)
    plural_units: frozenset[str] = frozenset()  # "years": "in recent years" is a period
    verb_months: frozenset[str] = frozenset()  # "may", "march" in lower case are verbs
    bare_months: bool = True  # a month alone ("in March" without a year) is a time
    name_months: frozenset[int] = frozenset()  # capitalised alone, a name: "Қазан" (Kazan)


@dataclass(frozen=True, eq=False)
class Language:
    """One language, registered with `claimtrack.languages.register`."""

    code: str  # "kk"
    name: str  # "Kazakh"
    script: str  # a regex character class body of its letters: "a-zA-Z"
    marks: str  # letters only this language uses among those of its script ("әғқ…")
    numbers: Numbers
    figures: Figures
    cues: Cues
    sentences: Sentences
    time: TimeGrammar
