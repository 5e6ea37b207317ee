"""The `claimtrack` command line: a thin client of the library."""

from __future__ import annotations

import sys
from typing import Annotated

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


def main() -> None:
    """The `claimtrack` command, and the one boundary every command shares: a
    `ClaimtrackError` is already one line (`common.user_errors`); here Ctrl-C becomes one line
    and exit 130, a closed stdout a quiet exit 0, damaged database pages one line, and the
    exit code is the command's own. Anything else is a bug and keeps its traceback."""
    import signal

    interrupted: list[int] = []

    def on_sigint(signum: int, frame: object) -> None:
        interrupted.append(signum)  # typer turns the KeyboardInterrupt into a silent exit 130
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    _check_arguments(sys.argv[1:])
    code: int
    try:
        _register(sys.argv[1:])
        app()
        code = 0
    except SystemExit as exc:
        if not isinstance(exc.code, int | None):
            raise  # a message for Python to print
        code = exc.code or 0
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:
        # damaged database pages found while output streams, after the command's
        # user_errors() has returned: the same one line, not a traceback
        from .common import damage, error_line

        found = damage(exc)
        if found is None:
            raise
        sys.stderr.write(error_line(found) + "\n")
        code = 1
    if interrupted:
        # every write is one transaction: what was not committed was rolled back
        sys.stderr.write("Interrupted: nothing half-done was kept\n")
        code = 130
    sys.exit(_flushed(code))


def _flushed(code: int) -> int:
    """`code`, once stdout is flushed; 0 (quiet, the rest of the output dropped) when its
    reader has gone, as Python's documentation advises for a closed pipe."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _closed_pipe(0)
        return 0 if code in (0, 1) else code
    result = _closed_pipe(code)
    return 0 if result is None else result


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
