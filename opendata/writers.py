"""Rows of a dataset, streamed as CSV or JSON, a little at a time (nothing builds the whole file in memory)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from common.spreadsheet import neutralise


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote: one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value):
    """A value as its CSV cell: lists joined by ";", text that a spreadsheet would take for a formula as text
    (common.spreadsheet); numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return neutralise(";".join(str(item) for item in value))
    return neutralise(value) if isinstance(value, str) else value


def csv_lines(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    # A byte order mark first, so that spreadsheet programs read the file as UTF-8 (accents, Khmer, Lao).
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([csv_cell(row.get(column)) for column in columns])


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_chunks(header: dict, rows: Iterable[dict]) -> Iterator[str]:
    """{"…header…", "rows": [row, row, …]}, one row per chunk."""
    head = json.dumps(header, ensure_ascii=False, default=_json_default)
    yield head[:-1] + (', "rows": [' if len(header) else '"rows": [')
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False, default=_json_default)
        first = False
    yield "\n]}\n"
