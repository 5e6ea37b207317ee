"""The `claimtrack` command line: a thin client of the library."""

from __future__ import annotations

import sys
from typing import Annotated, NoReturn

import typer

from .. import __version__

app = typer.Typer(
    name="claimtrack",
    help="Register, evidence, rate and track the claims and promises of political speeches.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version"),
    ] = False,
) -> None:
    """Register, evidence, rate and track the claims and promises of political speeches."""


# The command modules, each adding its commands to `app` when imported, in --help's order.
_MODULES = (
    "claims",
    "dbcmd",
    "evidence",
    "exchange",
    "extract",
    "fetching",
    "refresh",
    "report",
    "speech",
)
# Those that define each top-level command or group (the `evidence` group gets commands from
# three). `claimtrack NAME …` imports only these: typer builds the options of every command
# registered, ~15 ms for all of them. tests/test_startup.py checks the table.
COMMANDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("add", "list", "show", "edit", "rate", "history"), ("claims",)),
    **dict.fromkeys(("db", "config"), ("dbcmd",)),
    "evidence": ("evidence", "fetching", "refresh"),
    **dict.fromkeys(("export", "import", "dataset"), ("exchange",)),
    "extract": ("extract",),
    **dict.fromkeys(("refresh", "review"), ("refresh",)),
    **dict.fromkeys(("report", "stats"), ("report",)),
    "speech": ("speech",),
}


def _register(argv: list[str] | None = None) -> None:
    """Add the commands to `app`: those the command line `argv` names, else all of them."""
    import importlib

    name = next((arg for arg in argv or [] if not arg.startswith("-")), "")
    for module in COMMANDS.get(name, _MODULES):
        importlib.import_module(f"{__name__}.{module}")


def main() -> None:
    """The `claimtrack` command: `app`, then a quick exit (see `_exit`)."""
    # httpx's package imports its own command line (`httpx._main`: rich.progress, rich.syntax,
    # pygments, click) whenever those are installed, as they are here: ~40 ms of each fetch
    # command's start-up for a program this process never runs. `httpx.main` stays defined.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    _register(sys.argv[1:])
    try:
        app()
    except SystemExit as exc:
        _exit(exc.code)
    _exit(0)


def _exit(code: object) -> NoReturn:
    """Leave without the interpreter's teardown, which frees every module and collects
    garbage: ~0.08 s of CPU once a command has loaded the fetch engine.

    What that teardown does that matters is done first: the databases are closed, the atexit
    handlers run and the standard streams flushed. A code that is not a number (printed by
    Python), another thread still running (Python waits for it) or a failed flush (Python
    reports it) takes the ordinary exit instead. Tests call `app`, never this.
    """
    import atexit
    import os
    import threading

    if not isinstance(code, int | None) or threading.active_count() > 1:
        raise SystemExit(code)
    if "claimtrack.db" in sys.modules:
        from ..db import close_all

        close_all()
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code or 0)
