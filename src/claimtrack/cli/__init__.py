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
    add_completion=True,  # --install-completion, --show-completion: docs/cli.md
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
    "browse",
    "curation",
    "dbcmd",
    "evidence",
    "exchange",
    "extract",
    "fetching",
    "publish",
    "refresh",
    "report",
    "search",
    "speech",
    "verify",
)
# Those that define each top-level command or group (the `evidence` group gets commands from
# four). `claimtrack NAME …` imports only these: typer builds the options of every command
# registered, ~15 ms for all of them. tests/test_startup.py checks the table.
COMMANDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("add", "list", "show", "edit", "rate", "history"), ("claims",)),
    **dict.fromkeys(("rm", "restore", "undo", "link"), ("curation",)),
    **dict.fromkeys(("db", "config"), ("dbcmd",)),
    "evidence": ("evidence", "fetching", "refresh", "verify"),
    **dict.fromkeys(("export", "import", "dataset"), ("exchange",)),
    "extract": ("extract",),
    **dict.fromkeys(("refresh", "review"), ("refresh",)),
    **dict.fromkeys(("report", "stats"), ("report",)),
    "publish": ("publish",),
    "search": ("search",),
    "browse": ("browse",),
    "speech": ("speech",),
}


def _register(argv: list[str] | None = None) -> None:
    """Add the commands to `app`: those the command line `argv` names, else all of them."""
    import importlib

    name = next((arg for arg in argv or [] if not arg.startswith("-")), "")
    for module in COMMANDS.get(name, _MODULES):
        importlib.import_module(f"{__name__}.{module}")


def _only(argv: list[str]) -> None:
    """When the command line names a group and one of its commands (`claimtrack evidence
    fetch …`), drop the group's other commands: typer builds every command of a group it
    runs, ~0.6 ms each. A name that is not one of the group's commands, or an option before
    it, keeps them all (click's "No such command … Did you mean", the group's --help).
    For main() only: the commands dropped stay dropped for the rest of the process."""
    at = next((i for i, arg in enumerate(argv) if not arg.startswith("-")), len(argv))
    if at + 1 >= len(argv):
        return
    group, command = argv[at], argv[at + 1]
    for info in app.registered_groups:
        if info.name == group and info.typer_instance is not None:
            commands = info.typer_instance.registered_commands
            kept = [c for c in commands if c.name == command]
            if kept:
                commands[:] = kept


def main() -> None:
    """The `claimtrack` command: `app`, then a quick exit (see `_exit`)."""
    # httpx's package imports its own command line (`httpx._main`: rich.progress, rich.syntax,
    # pygments, click) whenever those are installed, as they are here: ~40 ms of each fetch
    # command's start-up for a program this process never runs. `httpx.main` stays defined.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    _check_arguments(sys.argv[1:])
    _fewer_collections()
    _register(sys.argv[1:])
    _only(sys.argv[1:])
    try:
        app()
    except SystemExit as exc:
        _exit(exc.code)
    except Exception as exc:
        # damaged database pages found while output streams, after the command's
        # user_errors() has returned: the same one line, not a traceback
        from .common import damage, error_line

        found = damage(exc)
        if found is None:
            raise
        sys.stderr.write(error_line(found) + "\n")
        _exit(1)
    _exit(0)


def _check_arguments(argv: list[str]) -> None:
    """Refuse, in one line and before anything runs, an argument that is not UTF-8 text
    (`$'\\xff'` in a quote, a note, a URL, `--by` or a setting): it is never stored."""
    from ..text import is_utf8, strip_controls

    for number, arg in enumerate(argv, 1):
        if not is_utf8(arg):
            shown = strip_controls(arg.encode("utf-8", "replace").decode("utf-8"))
            sys.stderr.write(
                f"Error: argument {number} ('{shown[:60]}') is not UTF-8 text; nothing was"
                " changed (re-type it, or convert the file it came from with iconv)\n"
            )
            raise SystemExit(1)


def _reader_gone() -> bool:
    """Whether stdout is a pipe (or socket) whose reader has gone: `claimtrack report |
    head -1` once head has its line. The kernel says so (POLLERR on the write end) whichever
    layer met the closed pipe: a print, rich, click, or the final flush."""
    import select

    try:
        poller = select.poll()
        poller.register(1, select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError):
        return False


def _closed_pipe(code: int | None) -> int | None:
    """The one boundary for a closed stdout (like httpie's): what is left to write goes to
    /dev/null and the command exits 0, quietly; click reports it as exit 1. An exit code of
    the command's own (3: `refresh --fail-on`, 75: another refresh running) is kept."""
    import os

    if not _reader_gone():
        return code
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    return 0 if code in (0, 1, None) else code


YOUNG = 20_000  # objects made between two collections of the young generation (Python: 700)


def _fewer_collections() -> None:
    """A command is one process that ends when the command does: its young generation is
    collected every `YOUNG` new objects instead of 700. The imports of a command and a fetch
    run's results otherwise cost ~10-20 ms of collections, most of whose garbage the exit
    frees anyway; the older generations keep Python's thresholds, so a long command (a big
    refresh) still has its cycles collected."""
    import gc

    gen0, *older = gc.get_threshold()
    if gen0:  # 0: collection disabled by the caller, stays so
        gc.set_threshold(max(gen0, YOUNG), *older)


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

    if isinstance(code, int | None):
        code = _closed_pipe(code)
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
        if not _reader_gone():
            raise SystemExit(code) from None
        os._exit(_closed_pipe(code) or 0)  # the reader left while we flushed: rest dropped
    os._exit(code or 0)
