"""Finding candidate claims in a speech: figures, commitments and their deadlines.

    from claimtrack.extract import extract, register
    candidates = extract(text, "kk", ref=date(2025, 10, 7))

Importing this package is cheap: regexes are compiled and the deadline layer is imported on
first use.
"""

from __future__ import annotations

from ..languages import detect as detect_lang
from .classify import Candidate, extract
from .figures import Figure, find_figures
from .register import RegisterResult, register

__all__ = [
    "Candidate",
    "Figure",
    "RegisterResult",
    "detect_lang",
    "extract",
    "find_figures",
    "register",
]
