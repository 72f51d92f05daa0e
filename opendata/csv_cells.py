"""Cells that a spreadsheet would run as formulas (OWASP "CSV injection") are neutralised in every CSV we send.

One small function on purpose: the coordinator's exports get a shared helper of their own, and this one can be
swapped for it without touching anything else.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A text starting like a formula gets a leading apostrophe, which spreadsheets show as text; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
