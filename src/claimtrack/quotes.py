"""Placing a quote in its speech, and the rule that says two quotes are the same claim."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from .errors import InvalidInput
from .text import fold, strip_controls

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_QUOTE = 20_000

# Characters a quote typed by hand often has in another form than the speech: a hyphen for
# a dash (with or without spaces around it), straight quotation marks for «» or curly ones.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_QUOTES = "\"'«»“”„‟‘’‚‛`´"
_TOKEN = re.compile(rf"\s*[{re.escape(_DASHES)}]+\s*|\s+|.", re.DOTALL)
_DASH_RUN = re.compile(rf"\s*[{re.escape(_DASHES)}]+\s*")
_QUOTE_MARKS = re.compile(f"[{re.escape(_QUOTES)}]")


def _loose(token: str) -> str:
    # possessive quantifiers (*+, ++): no backtracking, so a quote of many spaced dashes
    # that is not in the speech costs a linear scan, not 2^n tries
    if token.strip() and token.strip()[0] in _DASHES:
        return rf"\s*+[{re.escape(_DASHES)}]++\s*+"  # "-", "--", " - " for "–" or "—"
    if token.isspace():
        return r"\s++"
    if token in _QUOTES:
        return f"[{re.escape(_QUOTES)}]"
    return re.escape(token)


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Offsets of `quote` in `text`: exact first, then ignoring differences in whitespace,
    dashes (- -- – —, spaced or not) and quotation marks (" « » “ ”). The caller stores the
    speech's own characters, not the quote as typed. A quote with no letter or digit is
    only ever found exactly."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    quote = quote.strip()
    if not any(ch.isalnum() for ch in quote):
        return None
    pattern = "".join(_loose(m.group()) for m in _TOKEN.finditer(quote))
    found = re.search(pattern, text)
    if found is None:
        return None
    start, end = found.span()
    while start < end and text[start].isspace():  # a dash token takes the spaces around it
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def same_key(quote: str) -> str:
    """The duplicate key: case-folded, spaces collapsed, any dash run one "-", quotation
    marks dropped, trailing punctuation dropped. Two quotes are the same claim when one's
    key equals or is contained in the other's (`duplicate_of`)."""
    key = _QUOTE_MARKS.sub("", fold(quote))
    key = _DASH_RUN.sub(" - ", key)
    key = " ".join(key.split())
    while key and unicodedata.category(key[-1])[0] in "PZ":
        key = key[:-1]
    return key


def duplicate_of(
    db: Database, speech_id: int, quotes: tuple[str, ...], but: int | None = None
) -> dict[str, Any] | None:
    """The claim of the speech (retracted ones included, not `but`) whose text equals one of
    `quotes` or contains it, by `same_key`; None if there is none."""
    keys = {k for k in (same_key(q) for q in quotes) if k}
    if not keys:
        return None
    rows = db.query(
        "SELECT id, quote, removed_at FROM claims WHERE speech_id = ? AND id IS NOT ? ORDER BY id",
        [speech_id, but],
    )
    for row in rows:
        other = same_key(row["quote"])
        if any(k == other or k in other for k in keys):
            return row
    return None


def duplicate_message(row: dict[str, Any]) -> str:
    retracted = row.get("removed_at") is not None
    hint = f" (retracted; see: claimtrack restore {row['id']})" if retracted else ""
    return f"This claim is already registered as claim {row['id']}{hint}"


def check_quote(quote: str) -> str:
    if not strip_controls(quote).strip():
        raise InvalidInput("The claim text is empty (only spaces or invisible characters)")
    if len(quote) > MAX_QUOTE:
        raise InvalidInput(f"The claim text is {len(quote)} characters; the limit is {MAX_QUOTE}")
    if "\x00" in quote:
        raise InvalidInput("The claim text contains a NUL byte")
    return quote


def as_spoken(quote: str, speech: dict[str, Any]) -> tuple[str, tuple[int, int] | None]:
    """The quote in the speech's own characters and its offsets (`locate`), or as typed and
    None when it is not in the speech."""
    span = locate(quote, speech["text"])
    return (speech["text"][span[0] : span[1]] if span else quote), span


def require_verbatim(span: tuple[int, int] | None, speech: dict[str, Any], verbatim: bool) -> None:
    """A quote not found in the speech (`span` None) is an error unless not `verbatim`."""
    if span is None and verbatim:
        raise InvalidInput(
            f"The quote is not in the text of speech {speech['id']} (compared ignoring spaces, "
            "dashes and quotation marks): copy it from the speech, or pass --not-verbatim to "
            "register a paraphrase without offsets"
        )


def sentence_of(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around text[start:end], and the quote's offsets within it."""
    left = max(text.rfind(ch, 0, start) for ch in ".!?\n")
    left = left + 1 if left >= 0 else 0
    rights = [i for i in (text.find(ch, end) for ch in ".!?\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    while left < start and text[left].isspace():
        left += 1
    return text[left:right].rstrip(), start - left, end - left
