"""Loading a bundled dataset (a speech plus a reviewable TOML of its claims).

It goes through the same library calls the commands use: speech add, add, evidence add, rate.
"""

from __future__ import annotations

import tomllib
from importlib.resources import as_file
from importlib.resources import files as package_files
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from . import claims, evidence, files, speeches
from .db import transaction
from .errors import Duplicate, InvalidInput
from .quotes import same_key

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from sqlite_utils import Database

BY = "claimtrack dataset"
FILE = "claims.toml"


def bundled_root() -> Traversable:
    """The datasets shipped in the package (`claimtrack/datasets/NAME/claims.toml`)."""
    return package_files("claimtrack").joinpath("datasets")


def bundled_names() -> list[str]:
    root = bundled_root()
    if not root.is_dir():
        return []
    return sorted(d.name for d in root.iterdir() if d.joinpath(FILE).is_file())


def bundled() -> list[dict[str, Any]]:
    """Each bundled dataset: its name, its speech's metadata and its number of claims."""
    rows = []
    for name in bundled_names():
        data = read(name)
        meta = data["speech"]
        rows.append(
            {"name": name, **{k: meta.get(k) for k in ("title", "speaker", "date", "lang")}}
            | {"claims": len(data["claims"])}
        )
    return rows


def locate(spec: str | Path) -> tuple[Traversable | Path | str, Traversable | Path]:
    """(claims file, dataset folder) of a folder, its claims.toml, `-` (claims.toml on
    stdin, files beside it in the current folder) or a bundled dataset's name."""
    if files.is_stdio(spec):
        return files.STDIO, Path.cwd()
    path = Path(spec)
    if path.is_dir():
        return path / FILE, path
    if path.exists():
        return path, path.parent
    if str(spec) in bundled_names():
        folder = bundled_root().joinpath(str(spec))
        return folder.joinpath(FILE), folder
    known = ", ".join(bundled_names()) or "none"
    raise InvalidInput(
        f"No dataset at {path}: not a folder, a claims.toml nor a bundled dataset"
        f" (bundled: {known}; see: claimtrack dataset list)"
    )


def _read_bytes(file: Traversable | Path | str, limit: int, what: str) -> bytes:
    if isinstance(file, Path | str):
        return files.read_bytes(file, limit=limit, what=what)
    with file.open("rb") as fh:
        return files.read_limited(fh, limit, file.name, what)


def member(folder: Traversable | Path, name: str, file: object) -> Traversable | Path:
    """The file `name` of the dataset: a relative path that stays inside its folder (no
    absolute path, no `..`, no symbolic link leading out)."""
    rel = PurePosixPath(name)
    if not name or rel.is_absolute() or "\\" in name or ".." in rel.parts:
        raise InvalidInput(f'{file}: file = "{name}" must name a file inside the dataset folder')
    target = folder.joinpath(*rel.parts)
    if isinstance(folder, Path) and isinstance(target, Path):
        if not target.resolve().is_relative_to(folder.resolve()):
            raise InvalidInput(
                f'{file}: file = "{name}" leads outside the dataset folder (a symbolic link?)'
            )
    return target


def read_speech(folder: Traversable | Path, name: str, file: object) -> str:
    """The dataset's speech text, read as `speech add` reads a file (files.MAX_TEXT)."""
    target = member(folder, name, file)
    with as_file(target) as path:
        return speeches.read_text_file(path)


def read(spec: str | Path) -> dict[str, Any]:
    """The dataset, checked before anything is written: its claims.toml and its speech text
    (`_text`), from a folder, a claims.toml, `-` or a bundled name."""
    file, folder = locate(spec)
    name = files.label(file) if isinstance(file, Path | str) else f"{spec}/{FILE}"
    try:
        raw = _read_bytes(file, files.MAX_SMALL, "a dataset's claims.toml")
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except InvalidInput as exc:
        if str(exc).startswith("No such file"):
            raise InvalidInput(f"No dataset at {name}") from None
        raise
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{name} is not a valid dataset: {exc}") from None
    if "speech" not in data or "claims" not in data:
        raise InvalidInput(f"{name} needs a [speech] table and [[claims]] entries")
    _check_shape(name, data)
    data["_dir"] = folder
    data["_text"] = read_speech(folder, data["speech"]["file"], name)
    return data


def _check_shape(file: str, data: dict[str, Any]) -> None:
    """The fields the loader reads exist and have their types, before anything is written."""
    from .editing import check_as_of

    speech, entries = data["speech"], data["claims"]
    for holder in (data, *(e for e in entries if isinstance(e, dict))):
        if "rated_as_of" in holder:  # a TOML date (unquoted) or text
            holder["rated_as_of"] = check_as_of(str(holder["rated_as_of"]))
    if not isinstance(speech, dict) or not isinstance(speech.get("file"), str):
        raise InvalidInput(f'{file}: [speech] needs file = "speech.txt" (the text beside it)')
    if not isinstance(entries, list):
        raise InvalidInput(f"{file}: claims must be [[claims]] entries")
    for n, entry in enumerate(entries, 1):
        evidence_ = entry.get("evidence", []) if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("quote"), str)
            or not isinstance(entry.get("kind"), str)
            or not isinstance(evidence_, list)
            or not all(isinstance(ev, dict) and isinstance(ev.get("url"), str) for ev in evidence_)
        ):
            raise InvalidInput(
                f"{file}: claim {n} needs quote and kind (text), and evidence entries with a url"
            )


def load(db: Database, path: str | Path | dict[str, Any], now: str | None = None) -> dict[str, int]:
    """Load the dataset at `path` (or as `read` returned it); loading it twice adds nothing
    the second time."""
    data = path if isinstance(path, dict) else read(path)
    meta = data["speech"]
    text = data["_text"]
    speech, _ = speeches.add_speech(
        db,
        text,
        title=meta.get("title"),
        speaker=meta.get("speaker"),
        date=meta.get("date"),
        venue=meta.get("venue"),
        lang=meta.get("lang"),
        url=meta.get("url"),
        now=now,
    )
    counts = {"claims": 0, "existing": 0, "evidence": 0, "ratings": 0}
    with transaction(db):
        for entry in data["claims"]:
            as_of = entry.get("rated_as_of", data.get("rated_as_of"))
            _load_claim(db, speech["id"], entry, counts, now, as_of)
    return counts


def _load_claim(
    db: Database,
    speech_id: int,
    entry: dict[str, Any],
    counts: dict[str, int],
    now: str | None,
    as_of: str | None,
) -> None:
    """One [[claims]] entry: added (or found: the duplicate rule of `add`), its evidence
    linked, rated as of `as_of` (the dataset's `rated_as_of`, or the entry's own)."""
    try:
        claim = claims.add_claim(
            db,
            speech_id=speech_id,
            quote=entry["quote"],
            kind=entry["kind"],
            deadline=entry.get("deadline"),
            topic=entry.get("topic"),
            by=BY,
            figures=entry.get("figures"),
            source="dataset",
            now=now,
            verbatim=False,  # a curated dataset may hold a paraphrase: kept without offsets
        )
        counts["claims"] += 1
    except Duplicate as dup:
        claim = claims.get_claim(db, dup.existing_id)
        if same_key(claim["quote"]) != same_key(entry["quote"]):  # contained, not the same
            raise InvalidInput(
                f"Dataset claim '{entry['quote'][:60]}' is contained in claim {claim['id']}"
                " (a duplicate by the rule of `claimtrack add`); nothing loaded"
            ) from None
        counts["existing"] += 1
    ids: list[int] = []
    for ev in entry.get("evidence", []):
        rows = evidence.add_evidence(
            db,
            claim["id"],
            [ev["url"]],
            stance=ev.get("stance"),
            note=ev.get("note"),
            title=ev.get("title"),
            by=BY,
            now=now,
        )
        counts["evidence"] += sum(1 for r in rows if r["created"])
        ids.extend(r["id"] for r in rows)
    rating = entry.get("rating")
    if rating and rating != claim["rating"]:
        claims.rate_claim(
            db,
            claim["id"],
            rating,
            note=entry.get("rating_note"),
            evidence_ids=ids,
            by=BY,
            now=now,
            as_of=as_of,
        )
        counts["ratings"] += 1
