"""`claimtrack browse`: the database in Datasette, with the project's metadata."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .common import DbOption, database, user_errors


@app.command("browse")
def browse_(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free one)")] = 8001,
    db: DbOption = None,
) -> None:
    """Browse the database in Datasette (pip install 'claimtrack[datasette]'), until Ctrl-C.

    Example: claimtrack browse --port 8080
    """
    import subprocess
    import tempfile
    from pathlib import Path

    from .. import browse, config

    with user_errors():
        path = config.db_path(db)
        browse.require_datasette()
        database(db).close()  # it exists, and is migrated (page_texts, the search indexes)
        with tempfile.TemporaryDirectory(prefix="claimtrack-browse-") as tmp:
            cmd = browse.command(path, browse.write_metadata(path, Path(tmp)), host=host, port=port)
            try:
                code = subprocess.call(cmd)
            except KeyboardInterrupt:
                code = 130
    raise typer.Exit(code)
