"""A fourth language for the tests, in one file: German, just enough to read one promise.

It shows what adding a language takes: one `Language` value and one `register` call.
"""

from __future__ import annotations

from claimtrack.languages import Cues, Figures, Language, Numbers, Sentences, TimeGrammar

GERMAN = Language(
    code="de",
    name="German",
    script="A-Za-zÄÖÜäöüß",
    marks="äöüßÄÖÜ",
    numbers=Numbers(
        words={"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "zehn": 10, "hundert": 100},
        joiners=("und",),
        lone_one=("ein", "eine"),
        group_mark=".",
        scales=((r"tausend", 1000), (r"millionen|mio\.?", 10**6), (r"milliarden|mrd\.?", 10**9)),
    ),
    figures=Figures(
        units=((r"euro", "EUR", "money"), (r"prozent", "%", "percent")),
        pre=((r"mehr\s+als|über", ">"), (r"etwa|rund|ungefähr", "~")),
        months="januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember",
        year_before=r"bis|im|seit",
        range_to=r"bis",
        range_open=r"von|zwischen",
    ),
    cues=Cues(strong=(r"werden|wird|wollen|müssen",), past=r"\b\w+te\b|\bhaben\b"),
    sentences=Sentences(abbreviations=("z.b", "usw"), said=r"sagte\w*"),
    time=TimeGrammar(
        pieces={"PREP": r"(?:(?P<by>bis)|(?P<in>im|in))\s+"},
        rules=(r"(?:<<PREP>>)?(?:(?:ende|anfang)\s+)?(?P<y>\d{4})(?!\d)",),
        triggers="",
        numbers={"zwei": 2, "drei": 3},
        months={"januar": 1, "februar": 2, "märz": 3, "april": 4},
    ),
)
