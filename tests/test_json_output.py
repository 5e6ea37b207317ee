"""`--json` output (`jsontext.document`): the same data as json.dumps, rows one a line."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.formats.jsontext import document

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
ROWS = st.lists(st.dictionaries(st.text(), VALUES, max_size=4), min_size=1, max_size=4)


KEYS = st.text() | st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)


@given(VALUES | ROWS | st.dictionaries(KEYS, VALUES | ROWS, max_size=4))
def test_document_holds_the_same_data_as_json_dumps(data: Any) -> None:
    assert json.loads(document(data)) == json.loads(json.dumps(data))


def test_rows_are_one_a_line_and_text_is_kept() -> None:
    data = {
        "fetched": 2,
        "results": [{"id": 1, "title": "Қазақстан «ә»\nline"}, {"id": 2, "title": None}],
        "failed_by_reason": {},
        "when": date(2025, 10, 7),
    }
    assert document(data).splitlines() == [
        "{",
        '  "fetched": 2,',
        '  "results": [',
        '    {"id": 1, "title": "Қазақстан «ә»\\nline"},',
        '    {"id": 2, "title": null}',
        "  ],",
        '  "failed_by_reason": {},',
        '  "when": "2025-10-07"',
        "}",
    ]
    assert document([{"a": 1}, {"a": 2}]) == '[\n  {"a": 1},\n  {"a": 2}\n]'
    assert document({"nested": {"a": [1]}}) == json.dumps({"nested": {"a": [1]}}, indent=2)
    assert document([]) == "[]" and document({}) == "{}"
    with pytest.raises(TypeError):  # as json.dumps: no name for such a key
        document({(1, 2): 3})
