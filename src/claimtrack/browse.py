"""Browsing a database with Datasette: the metadata and the command `claimtrack browse` runs.

Datasette is optional (`pip install 'claimtrack[datasette]'`). Its metadata ships in the
package (`datasette_files/metadata.yml`) with a small plugin (`claimtrack_datasette.py`) that
links hash columns to their rows and hides the claims' helper column `norm`.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

from .errors import ClaimtrackError

FILES = "datasette_files"
INSTALL = "pip install 'claimtrack[datasette]'"


class DatasetteMissing(ClaimtrackError):
    """Datasette is not installed where claimtrack is."""


def require_datasette() -> None:
    if importlib.util.find_spec("datasette") is None:
        raise DatasetteMissing(f"Datasette is not installed (install it with: {INSTALL})")


def plugins_dir() -> Path:
    """The folder of the plugin (and of the metadata) Datasette is given."""
    return Path(str(files("claimtrack").joinpath(FILES)))


def metadata(db_path: Path) -> dict[str, Any]:
    """The project's Datasette metadata for the database at `db_path` (Datasette names a
    database after its file: `claims` for claims.db)."""
    require_datasette()
    import yaml  # a dependency of Datasette

    text = (plugins_dir() / "metadata.yml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    data["databases"] = {Path(db_path).stem: data["databases"]["claims"]}
    return data


def write_metadata(db_path: Path, folder: Path) -> Path:
    """`metadata(db_path)` as a JSON file in `folder`, for `datasette --metadata`."""
    out = Path(folder) / "metadata.json"
    out.write_text(json.dumps(metadata(db_path), ensure_ascii=False), encoding="utf-8")
    return out


def command(db_path: Path, metadata_file: Path, *, host: str, port: int) -> list[str]:
    """The command line that serves the database with Datasette, from this Python."""
    require_datasette()
    if not 0 <= port <= 65535:
        raise ClaimtrackError(f"--port must be between 0 and 65535, not {port}")
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--metadata",
        str(metadata_file),
        "--plugins-dir",
        str(plugins_dir()),
        "--host",
        host,
        "--port",
        str(port),
    ]
