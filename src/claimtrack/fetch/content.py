"""What a fetched body says: title, main text, publication date and language.

HTML goes through trafilatura (slow, ~1–20 ms a page: imported lazily and run only on bodies
not seen before; its settings are built once, and of its metadata step only the date search
runs, which is all that is kept — a third less CPU a page); PDF through pypdf; any other
type is kept as a hash only. `page_meta` is the cheap part (title and language from the
<head>, ~0.02 ms), for bodies whose main text is extracted later.
"""

from __future__ import annotations

import codecs
import functools
import io
import re
import threading
from dataclasses import dataclass
from typing import Any

MAX_TITLE = 500
MAX_PDF_PAGES = 500
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.I)
_SPACE = re.compile(r"\s+")
_HEAD_END = re.compile(r"</head\s*>", re.I)
HEAD_SCAN = 262_144  # characters searched for the end of <head>
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Codecs Python decodes bytes with that are no charset a page may declare: a page naming one
# (or one of the codecs that are not text encodings at all: base64, hex, zlib, rot13, …)
# fails with the kind `charset` instead of being read through it.
NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"})


class NotText(ValueError):
    """A body that declares a charset which is no text encoding (charset=base64, …)."""

    def __init__(self, name: str) -> None:
        shown = name.encode("ascii", "replace").decode()[:40]
        super().__init__(f"The page declares charset={shown}, which is not a text encoding")


@dataclass(frozen=True)
class Extracted:
    title: str | None = None
    text: str | None = None
    published: str | None = None
    lang: str | None = None


def kind_of(content_type: str | None, body: bytes) -> str:
    """html, pdf or other, from the Content-Type header, then the first bytes."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if mime == "application/pdf" or body[:5] == b"%PDF-":
        return "pdf"
    head = body[:512].lstrip().lower()
    if not mime or mime == "application/octet-stream" or mime == "text/plain":
        if head.startswith((b"<!doctype html", b"<html")):
            return "html"
    return "other"


def _codec(name: str | None) -> str | None:
    """The codec a declared charset names; None for an unknown name (the body's bytes then
    decide); NotText for a codec that exists but decodes no text (base64, idna, …)."""
    if not name:
        return None
    name = name.strip().strip("\"'")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    try:
        b"a".decode(codec, "ignore")  # LookupError for the codecs that are not text encodings
    except (LookupError, UnicodeError):
        raise NotText(name) from None
    if codec in NOT_CHARSETS:
        raise NotText(name)
    return codec


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the page declares (a BOM, then the header, then a <meta> in its first
    4 KB), None when it declares none that exists; NotText for one that is no text
    encoding. Cheap: no detection."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    found = _HEADER_CHARSET.search(content_type or "")
    declared = _codec(found.group(1)) if found else None
    if declared is None:
        meta = _META_CHARSET.search(body[:4096])
        declared = _codec(meta.group(1).decode("ascii", "replace")) if meta else None
    return declared


def charset(body: bytes, content_type: str | None) -> str:
    """The body's encoding: BOM, then the header, then <meta>, then detection."""
    declared = declared_charset(body, content_type)
    if declared is not None:
        return declared
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    return _codec(best.encoding if best else None) or "windows-1252"


# C0 controls other than tab, LF and CR: no HTML text holds them, and trafilatura finds no
# main text in a document that contains one (a stray NUL, BEL or ESC lost the whole text).
# Terminal escape sequences go whole (as `text.strip_controls` removes them), not only
# their ESC byte: "\x1b[31mRed" becomes "Red", not "[31mRed".
_C0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def decode_html(body: bytes, content_type: str | None) -> str:
    """The page's text, decoded, without C0 controls or terminal escape sequences."""
    from ..text import _ANSI

    text = body.decode(charset(body, content_type), errors="replace")
    if _C0.search(text) is None:
        return text
    return _C0.sub("", _ANSI.sub("", text))


def _clean(value: Any, limit: int = MAX_TITLE) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", value).strip()
    return text[:limit] or None


_compiled = threading.local()


def _xpaths() -> dict[str, Any]:
    """The XPath expressions of `_title` and `_lang`, compiled once per thread (compiling
    one is most of what evaluating it costs on a <head>; lxml does not promise that a
    compiled XPath may be shared between threads)."""
    found: dict[str, Any] | None = getattr(_compiled, "xpaths", None)
    if found is None:
        found = _compiled.xpaths = _compile_xpaths()
    return found


def _compile_xpaths() -> dict[str, Any]:
    from lxml.etree import XPath  # type: ignore[import-untyped]

    return {
        "title": XPath("(//title)[1]"),
        "og:title": XPath('(//meta[@property="og:title"]/@content)[1]'),
        "h1": XPath("(//h1)[1]"),
        "lang": XPath("/html/@lang | /html/@xml:lang"),
        "meta-lang": XPath(
            '//meta[translate(@http-equiv,"CONTENT-LANGUAGE","content-language")='
            '"content-language"]/@content'
        ),
    }


def _title(tree: Any) -> str | None:
    """<title>, then og:title, then the first <h1>."""
    xpaths = _xpaths()
    for path in ("title", "og:title", "h1"):
        for node in xpaths[path](tree):
            text = _clean(node if isinstance(node, str) else node.text_content())
            if text:
                return text
    return None


def _parse(text: str) -> Any:
    import lxml.html  # type: ignore[import-untyped]
    from lxml.etree import ParserError

    try:
        return lxml.html.document_fromstring(text)
    except (ParserError, ValueError):
        return None


def _head_title(text: str) -> tuple[Any, str | None, bool]:
    """(tree, title, whole): the title from the <head> alone when it has one (a small parse),
    else from the whole page; the tree is the one that answered (None when unparseable) and
    `whole` says whether it is the whole page."""
    end = _HEAD_END.search(text, 0, HEAD_SCAN)
    if end is not None:
        head = _parse(text[: end.end()] + "</html>")
        title = _title(head) if head is not None else None
        if title is not None:
            return head, title, False
    tree = _parse(text)
    return tree, _title(tree) if tree is not None else None, True


def page_meta(
    body: bytes, content_type: str | None, content_language: str | None = None
) -> tuple[Extracted, bool]:
    """(title and language, whether a main text may be extracted later): the cheap part of
    `extract`, giving the same title and language."""
    kind = kind_of(content_type, body)
    if kind == "pdf":
        return Extracted(), True
    if kind != "html":
        return Extracted(), False
    tree, title, _ = _head_title(decode_html(body, content_type))
    if tree is None:
        return Extracted(), False
    return Extracted(title=title, lang=_lang(tree, content_language)), True


def _lang(tree: Any, header: str | None) -> str | None:
    xpaths = _xpaths()
    values = xpaths["lang"](tree) + xpaths["meta-lang"](tree)
    for value in [*values, header or ""]:
        tag = str(value).strip().split(",")[0].split("-")[0].split("_")[0].lower()
        if 2 <= len(tag) <= 3 and tag.isalpha():
            return tag
    return None


@functools.cache
def _options() -> Any:
    """trafilatura's settings, built once per process (building them reads its config file)."""
    from trafilatura.settings import Extractor as Settings

    return Settings(output_format="python", comments=False, with_metadata=False)


def _published(tree: Any, url: str) -> str | None:
    """The publication date as trafilatura's metadata step finds it (htmldate, extensive),
    without the rest of that step (authors, tags, site name: a third of its cost)."""
    from htmldate import find_date
    from trafilatura.metadata import extract_url

    found = find_date(tree, url=extract_url(tree, url), extensive_search=True, original_date=True)
    return found or None


def extract_html(
    body: bytes, content_type: str | None, url: str, content_language: str | None = None
) -> Extracted:
    from trafilatura import bare_extraction

    text = decode_html(body, content_type)
    tree, title, whole = _head_title(text)  # the title and language `page_meta` gives
    if tree is None:
        return Extracted()
    lang = _lang(tree, content_language)
    if not whole:
        tree = _parse(text)
        if tree is None:
            return Extracted(title=title, lang=lang)
    options = _options()
    options.url = options.source = url
    doc = bare_extraction(tree, options=options)  # works on a copy of the tree
    if doc is None:
        return Extracted(title=title, lang=lang)
    published = _published(tree, url)
    if title is None:  # rare: no <title>, og:title or <h1>; ask trafilatura's metadata
        from trafilatura.metadata import extract_metadata

        title = _clean(extract_metadata(tree, url).title)
    return Extracted(
        title=title,
        text=(getattr(doc, "text", None) or "").strip() or None,
        published=published,
        lang=lang,
    )


def extract_pdf(body: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(body))
        meta = reader.metadata
        title = _clean(meta.title if meta is not None else None)
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return Extracted()
    text = "\n\n".join(p.strip() for p in pages if p.strip()) or None
    if title is None and text:
        title = _clean(text.strip().splitlines()[0], 200)
    return Extracted(title=title, text=text)


def extract(
    body: bytes, content_type: str | None, url: str, content_language: str | None = None
) -> Extracted:
    """Title, main text, date and language of a body (empty for types not understood)."""
    kind = kind_of(content_type, body)
    if kind == "html":
        return extract_html(body, content_type, url, content_language)
    if kind == "pdf":
        return extract_pdf(body)
    return Extracted()
