"""CSV cells that a spreadsheet cannot take for formulas (OWASP, "CSV Injection").

A cell that starts with =, +, -, @, a tab or a carriage return is a formula to Excel and LibreOffice, and a
formula can run commands or send the sheet's data elsewhere when the coordinator opens an export. Such a cell is
written with a leading apostrophe, which spreadsheets read as "text" and do not show; a cell that already starts
with an apostrophe gets one more, so that reading the file back (`restore`) gives exactly what was exported.
The field separator and quotes are left to the csv module, which quotes any cell holding them.
"""

import csv
import io

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # lets spreadsheet programs recognise UTF-8 (Khmer, Lao, Vietnamese names)
ESCAPE = "'"


def neutralise(value) -> str:
    """The text of a cell as it is written to an exported CSV file."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS) or text.startswith(ESCAPE):
        return ESCAPE + text
    return text


def restore(text: str) -> str:
    """A cell of an imported CSV file as it was before `neutralise` (other cells are left as they are)."""
    if len(text) > 1 and text[0] == ESCAPE and (text[1] in FORMULA_TRIGGERS or text[1] == ESCAPE):
        return text[1:]
    return text


def neutralised_dataset(dataset):
    """A copy of a tablib Dataset whose every cell is written by `neutralise`, ready to be exported."""
    import tablib

    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([neutralise(cell) for cell in row])
    return copy


def restored_dataset(dataset):
    """A copy of an imported tablib Dataset whose every cell is read back by `restore`."""
    import tablib

    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([restore(cell) if isinstance(cell, str) else cell for cell in row])
    return copy


def csv_bytes(*, headers: list[str], rows) -> bytes:
    """A CSV file in UTF-8 with its BOM, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(header) for header in headers])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
