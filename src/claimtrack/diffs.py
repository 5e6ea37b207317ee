"""What changed in an evidence page: the last two distinct main texts, as a unified diff."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from .errors import NotFound
from .evidence import get_evidence

if TYPE_CHECKING:
    from sqlite_utils import Database


def evidence_diff(db: Database, evidence_id: int) -> dict[str, Any]:
    ev = get_evidence(db, evidence_id)
    versions: list[dict[str, Any]] = []
    for r in db.query(
        "SELECT f.text_hash, f.started_at, t.text FROM fetches f JOIN texts t"
        " ON t.hash = f.text_hash WHERE f.page_id = ? ORDER BY f.id DESC",
        [ev["page_id"]],
    ):
        if not versions or versions[-1]["text_hash"] != r["text_hash"]:
            if versions and any(v["text_hash"] == r["text_hash"] for v in versions):
                continue
            versions.append(r)
        if len(versions) == 2:
            break
    if len(versions) < 2:
        raise NotFound(
            f"Evidence {evidence_id} has {'one version' if versions else 'no text'} so far;"
            " nothing to compare (see: claimtrack evidence show "
            f"{evidence_id})"
        )
    new, old = versions
    lines = difflib.unified_diff(
        old["text"].splitlines(),
        new["text"].splitlines(),
        fromfile=f"{ev['url']} @ {old['started_at']}",
        tofile=f"{ev['url']} @ {new['started_at']}",
        lineterm="",
    )
    return {
        "evidence_id": evidence_id,
        "url": ev["url"],
        "old": old["started_at"],
        "new": new["started_at"],
        "diff": list(lines),
    }
