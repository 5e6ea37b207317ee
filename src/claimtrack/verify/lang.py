"""Which of the three parsers (kk, ru, en) reads a text; None for any other language."""

from __future__ import annotations

import re

LANGS = ("kk", "ru", "en")
KAZAKH = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN = re.compile(r"[a-z]", re.IGNORECASE)
# letters of Latin-script languages that are not English (Turkish, Azerbaijani, Uzbek, …)
OTHER_LATIN = re.compile(
    r"[şğıəçöüñäßéèàáóúõãâêîôûœŞĞİƏÇÖÜÑÄÉÈÀÁÓÚÕÃÂÊÎÔÛŒ]"
)  # no IGNORECASE: ı ~ i
ENGLISH = re.compile(r"\b(?:the|and|of|to|in|is|was|for|with|that|from|by)\b", re.IGNORECASE)
SAMPLE = 4000


def detect(text: str) -> str | None:
    """kk, ru or en by the letters and words of the text's first few thousand characters."""
    sample = text[:SAMPLE]
    cyr, lat = len(CYRILLIC.findall(sample)), len(LATIN.findall(sample))
    kaz = len(KAZAKH.findall(sample))
    if cyr + kaz > lat:
        return "kk" if kaz > 0.01 * (cyr + kaz) else "ru"
    if lat == 0:
        return None
    words = max(len(sample.split()), 1)
    if len(OTHER_LATIN.findall(sample)) > 0.01 * lat or len(ENGLISH.findall(sample)) < 0.05 * words:
        return None
    return "en"


def text_lang(text: str, declared: str | None) -> str | None:
    """The parser for a page's text: what the text reads as; the page's declared language
    (`pages.lang`, e.g. "ru-RU") only when the letters cannot tell."""
    found = detect(text)
    if found is not None:
        return found
    short = (declared or "").split("-")[0].split("_")[0].lower()
    return short if short in LANGS and not OTHER_LATIN.search(text[:SAMPLE]) else None
