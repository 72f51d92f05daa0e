"""Numbers typed in addresses and forms, read the same way everywhere.

`str.isdigit()` is true for "²" and "١" (superscripts, other scripts' digits), so `value.isdigit()`
followed by `int(value)` either fails ("²") or reads a number nobody typed ("١" is 1). An id, a year or
a version number in this portal is written in ASCII digits, and nothing else is one.
"""

BIGINT_MAX = 2**63 - 1


def parse_positive_int(value: object, *, maximum: int = BIGINT_MAX) -> int | None:
    """`value` as a whole number from 1 to `maximum`, if it is one written in ASCII digits; else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= maximum else None
