"""The inline stylesheet of the HTML report (no external fonts, images or scripts).

Filtering by rating needs no script: a radio input per rating precedes the claim list, and
`#f-RATING:checked ~ .list .claim:not(.r-RATING)` hides the others.
"""

from __future__ import annotations

from ..scales import PROMISES, VERDICTS

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"

COLOURS = {
    "true": "#1a7f37",
    "mostly-true": "#4c9a2a",
    "kept": "#1a7f37",
    "half-true": "#b7791f",
    "compromise": "#b7791f",
    "in-the-works": "#0969da",
    "mostly-false": "#d1570f",
    "false": "#c62828",
    "broken": "#c62828",
    "misleading": "#8e24aa",
    "stalled": "#d1570f",
    "unverifiable": "#6e7781",
    "unrated": "#8c959f",
    "not-yet-rated": "#8c959f",
}

BASE = """
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e;
  --line: #d1d9e0; --card: #f6f8fa; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --card: #151b23; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; font: 16px/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg);
  overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.muted, .meta { color: var(--muted); font-size: .9rem; }
.speech { margin: .25rem 0; }
.meter { font-size: 1.1rem; font-weight: 600; }
.bars { display: grid; grid-template-columns: minmax(7rem, max-content) 2.5rem 1fr;
  gap: .2rem .5rem; align-items: center; }
.bars .n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { height: .8rem; background: var(--card); border-radius: .2rem; }
.bar span { display: block; height: 100%; border-radius: .2rem; background: currentColor; }
ul.timeline { padding-left: 1.2rem; }
.claim { border: 1px solid var(--line); border-left-width: .4rem; border-radius: .4rem;
  padding: .6rem .8rem; margin: .8rem 0; background: var(--bg); }
.claim blockquote { margin: .4rem 0; font-size: 1.05rem; }
.rating { font-weight: 600; padding: 0 .4rem; border-radius: .2rem; border: 1px solid; }
.flag { font-weight: 600; color: #c62828; }
.claim ul { padding-left: 1.2rem; margin: .3rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: .3rem; margin: .5rem 0; }
input.f { position: absolute; opacity: 0; pointer-events: none; }
.filters label { border: 1px solid var(--line); border-radius: 1rem; padding: .1rem .6rem;
  cursor: pointer; font-size: .9rem; }
a { color: #0969da; } @media (prefers-color-scheme: dark) { a { color: #4493f8; } }
"""


def stylesheet() -> str:
    rules = [BASE]
    for rating in ("all", *dict.fromkeys(VERDICTS + PROMISES)):
        rules.append(
            f"#f-{rating}:checked ~ .filters label[for=f-{rating}] "
            "{ background: var(--fg); color: var(--bg); }\n"
            f"#f-{rating}:focus-visible ~ .filters label[for=f-{rating}] "
            "{ outline: 2px solid #0969da; }\n"
        )
    for rating in dict.fromkeys(VERDICTS + PROMISES):
        colour = COLOURS.get(rating, "#6e7781")
        rules.append(
            f".r-{rating} {{ border-left-color: {colour}; }} .c-{rating} {{ color: {colour}; }}\n"
            f"#f-{rating}:checked ~ .list .claim:not(.r-{rating}) {{ display: none; }}\n"
        )
    return "".join(rules)
