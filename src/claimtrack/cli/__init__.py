"""The `claimtrack` command line: a thin client of the library."""

from __future__ import annotations

from typing import Annotated

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


def _register() -> None:
    from . import (  # noqa: F401
        claims,
        dbcmd,
        evidence,
        exchange,
        extract,
        fetching,
        refresh,
        report,
        speech,
    )


def main() -> None:
    _register()
    app()
