"""claimtrack's command line without its quick exit (`cli.main` ends with `os._exit`), for
profilers that write their report after the program returns, such as pyinstrument.

    .venv-bench/bin/python -m pyinstrument bench/claimtrack_app.py refresh --db claims.db
"""

import sys

from claimtrack.cli import _register, app

_register(sys.argv[1:])
sys.argv[0] = "claimtrack"
app()
