"""A Datasette plugin for claimtrack databases, loaded by `claimtrack browse`
(`datasette --plugins-dir`): hash columns link to the row they name, and the claims table
page leaves out its helper column `norm` unless the URL picks columns itself."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from datasette import hookimpl
from markupsafe import Markup, escape

# (table, column) → the table whose primary key the column holds
LINKS = {
    ("pages", "raw_hash"): "snapshots",
    ("pages", "text_hash"): "texts",
    ("page_texts", "text_hash"): "texts",
    ("fetches", "raw_hash"): "snapshots",
    ("fetches", "text_hash"): "texts",
}
HIDDEN = {"claims": "norm"}  # table → helper column left out of its page

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


@hookimpl  # type: ignore[untyped-decorator, misc, unused-ignore]
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    target = LINKS.get((table or "", column))
    if target is None or not isinstance(value, str) or not value.isalnum():
        return None
    url = datasette.urls.row(database, target, value)
    return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')


@hookimpl  # type: ignore[untyped-decorator, misc, unused-ignore]
def asgi_wrapper(datasette: Any) -> Callable[[App], App]:
    def wrap(app: App) -> App:
        async def hide_helpers(scope: dict[str, Any], receive: Any, send: Any) -> None:
            parts = scope.get("path", "").strip("/").split("/")
            column = (
                HIDDEN.get(parts[1]) if scope.get("type") == "http" and len(parts) == 2 else None
            )
            query = scope.get("query_string", b"").decode("latin-1")
            if column and not {"_col", "_nocol"} & set(parse_qs(query)):
                extra = f"_nocol={column}"
                scope = dict(scope, query_string=f"{query}&{extra}".lstrip("&").encode())
            await app(scope, receive, send)

        return hide_helpers

    return wrap
