"""Writing the site: every file atomically (a temporary file in the same directory, then a
rename), and a manifest of content hashes and input fingerprints so `--changed-only`
rewrites only what changed and removes pages no longer published."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from .model import MANIFEST


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a reader sees the old file or the new one, never half.

    Like `claimtrack.files.atomic_write` (a temporary file beside the target, renamed over
    it, removed on failure) but without an fsync a file: a site is thousands of pages, and
    an fsync each costs minutes on a busy disk. After a power cut a page may be stale or
    empty: the next full `publish` (without --changed-only) writes every page again."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    try:
        try:
            fd = os.open(tmp, flags, 0o644)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, flags, 0o644)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InvalidInput(f"Cannot write {path}: {exc.strerror or exc}") from None
        raise


class Output:
    """The output directory and what was published there last time."""

    def __init__(self, root: Path, changed_only: bool) -> None:
        self.root = root
        self.changed_only = changed_only
        self.old = self._load()
        self.files: dict[str, str] = {}  # path -> sha256 of what is there now
        self.keys: dict[str, str] = {}  # path -> fingerprint of the inputs it was made from
        self.written: list[str] = []
        self.unchanged = 0
        self._present: set[str] | None = None

    def present(self) -> set[str]:
        """The files in the directory now (one walk, not a stat a file): a page deleted by
        hand is written again."""
        if self._present is None:
            self._present = {
                os.path.relpath(os.path.join(top, name), self.root).replace(os.sep, "/")
                for top, _, names in os.walk(self.root)
                for name in names
            }
        return self._present

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def same_inputs(self, rel: str, key: str) -> bool:
        """True (and the file kept as it is) when `rel` was made from the same inputs."""
        if not self.changed_only:
            return False
        old_key = self.old.get("keys", {}).get(rel)
        old_hash = self.old.get("files", {}).get(rel)
        if old_key == key and old_hash and rel in self.present():
            self.files[rel], self.keys[rel] = old_hash, key
            self.unchanged += 1
            return True
        return False

    def put(self, rel: str, content: str | bytes, key: str | None = None) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.sha256(data).hexdigest()
        self.files[rel] = digest
        if key is not None:
            self.keys[rel] = key
        if self.changed_only and self.old.get("files", {}).get(rel) == digest:
            if rel in self.present():
                self.unchanged += 1
                return
        write_atomic(self.root / rel, data)
        self.written.append(rel)

    def finish(self, context: str) -> list[str]:
        """Remove the files published last time and not this time; write the manifest."""
        removed = []
        for rel in self.old.get("files", {}):
            if rel not in self.files and _inside(self.root, rel):
                (self.root / rel).unlink(missing_ok=True)
                removed.append(rel)
        manifest = {"context": context, "files": self.files, "keys": self.keys}
        write_atomic(self.root / MANIFEST, json.dumps(manifest, indent=0).encode())
        return removed

    def same_context(self, context: str) -> bool:
        return bool(self.old) and self.old.get("context") == context


def _inside(root: Path, rel: str) -> bool:
    """A manifest path that stays inside the output directory (a manifest is data too)."""
    path = Path(rel)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)
