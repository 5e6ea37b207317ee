"""Precision and recall of the suggested stances on the verification gold set (issue #19).

Run: PYTHONPATH=src .venv/bin/python bench/eval_match.py [--split dev|test|all] [--show]
The gold set is tests/verify/gold/pairs.toml (annotated before the matcher was written); this
script checks its sha256 before scoring, so an edited annotation cannot pass unnoticed.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "verify" / "gold"
STANCES = ("supports", "contradicts", "no-figure-found")


def gold_digest(pairs: list[dict[str, Any]], texts: dict[str, str]) -> str:
    """sha256 of the canonical JSON of the annotations and of each text's sha256."""
    canon = json.dumps(
        {"pairs": pairs, "texts": texts}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canon.encode()).hexdigest()


SETS = {"pairs": ("pairs.toml", "texts"), "heldout": ("heldout.toml", "heldout")}


def load_gold(which: str = "pairs", folder: Path = GOLD) -> dict[str, Any]:
    """A gold set ("pairs": dev and test; "heldout") as parsed TOML, its texts read in;
    raises ValueError if a hash differs."""
    file, texts_dir = SETS[which]
    data = tomllib.loads((folder / file).read_text(encoding="utf-8"))
    texts = {}
    for name, digest in data["texts"].items():
        raw = (folder / texts_dir / name).read_bytes()
        if hashlib.sha256(raw).hexdigest() != digest:
            raise ValueError(f"gold text {name} changed since it was annotated")
        texts[name] = raw.decode("utf-8")
    if gold_digest(data["pair"], data["texts"]) != data["sha256"]:
        raise ValueError("gold annotations changed since the header's sha256 was taken")
    data["text"] = texts
    return data


def suggest_pair(pair: dict[str, Any], text: str, tolerance: float) -> dict[str, Any]:
    """The matcher's suggestion for one gold pair, as `claimtrack evidence match` makes it."""
    from claimtrack.verify import stance
    from claimtrack.verify.lang import text_lang
    from claimtrack.verify.match import Text

    claim = stance.claim_text(pair["claim"], pair["claim_lang"])
    if not claim.places:
        return stance.nothing(stance.NO_FIGURES)
    lang = text_lang(text, pair["evidence_lang"])
    if lang is None:
        return stance.nothing(stance.NO_LANGUAGE)
    return stance.suggest(claim, Text.of(text, stance.parse(text, lang)), tolerance)


def gold_stance(name: str) -> str:
    return "no figure found" if name == "no-figure-found" else name


def place_right(pair: dict[str, Any], got: dict[str, Any], text: str) -> tuple[int, int]:
    """(right, annotated): claim figures whose deciding place is the annotated phrase."""
    right = total = 0
    for fig in pair["figures"]:
        if not fig["found"]:
            continue
        total += 1
        spans = [
            (i, i + len(phrase)) for phrase in fig["found"] for i in _occurrences(text, phrase)
        ]
        for res in got["figures"]:
            if fig["claim"] in res["figure"]["text"] or res["figure"]["text"] in fig["claim"]:
                if res["places"] and any(
                    s < res["places"][0]["end"] and res["places"][0]["start"] < e for s, e in spans
                ):
                    right += 1
                break
    return right, total


def _occurrences(text: str, phrase: str) -> list[int]:
    out, i = [], text.find(phrase)
    while i >= 0:
        out.append(i)
        i = text.find(phrase, i + 1)
    return out


def score(gold: dict[str, Any], split: str, tolerance: float) -> dict[str, Any]:
    """Precision and recall per suggested stance, the confusion table and the places found."""
    confusion: dict[tuple[str, str], int] = {}
    wrong = []
    right_places = all_places = 0
    for pair in gold["pair"]:
        if split != "all" and pair["split"] != split:
            continue
        text = gold["text"][pair["evidence"]]
        got = suggest_pair(pair, text, tolerance)
        want = gold_stance(pair["stance"])
        confusion[(want, got["stance"])] = confusion.get((want, got["stance"]), 0) + 1
        if want != got["stance"]:
            wrong.append((pair["id"], want, got["stance"]))
        r, t = place_right(pair, got, text)
        right_places, all_places = right_places + r, all_places + t
    out: dict[str, Any] = {"pairs": sum(confusion.values()), "wrong": wrong}
    for name in ("supports", "contradicts", "no figure found"):
        tp = confusion.get((name, name), 0)
        said = sum(n for (_, g), n in confusion.items() if g == name)
        real = sum(n for (w, _), n in confusion.items() if w == name)
        out[name] = {
            "precision": tp / said if said else None,
            "recall": tp / real if real else None,
            "suggested": said,
            "annotated": real,
        }
    out["confusion"] = {f"{w} → {g}": n for (w, g), n in sorted(confusion.items())}
    out["places"] = {"right": right_places, "annotated": all_places}
    return out


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("dev", "test", "all", "heldout"), default="dev")
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("--show", action="store_true", help="List the pairs suggested wrongly")
    args = parser.parse_args()
    gold = load_gold("heldout" if args.split == "heldout" else "pairs")
    result = score(gold, args.split, args.tolerance)
    print(f"{args.split}: {result['pairs']} pairs, tolerance {args.tolerance}")
    print(f"{'stance':<18}{'precision':>10}{'recall':>8}{'suggested':>11}{'annotated':>11}")
    for name in ("supports", "contradicts", "no figure found"):
        r = result[name]
        p = "-" if r["precision"] is None else f"{r['precision']:.3f}"
        c = "-" if r["recall"] is None else f"{r['recall']:.3f}"
        print(f"{name:<18}{p:>10}{c:>8}{r['suggested']:>11}{r['annotated']:>11}")
    places = result["places"]
    print(f"deciding place is the annotated one: {places['right']} of {places['annotated']}")
    if args.show:
        for pid, want, got in result["wrong"]:
            print(f"  {pid}: annotated {want}, suggested {got}")


if __name__ == "__main__":
    main()
