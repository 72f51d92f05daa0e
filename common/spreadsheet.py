"""CSV cells that a spreadsheet cannot take for formulas (OWASP, "CSV Injection").

A cell that starts with =, +, -, @, a tab or a carriage return is a formula to Excel and LibreOffice, and a
formula can run commands or send the sheet's data elsewhere when the coordinator opens an export. Such a cell is
written with a leading apostrophe, which spreadsheets read as "text" and do not show; a cell that already starts
with an apostrophe gets one more, so that reading the file back (`restore`) gives exactly what was exported.
The field separator and quotes are left to the csv module, which quotes any cell holding them.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
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
