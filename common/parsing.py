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


def local_url(value: object, *, request, default: str) -> str:
    """`value` if it is an address on this site ("/events/?…"), else `default`: a redirect's "next".

    Only a path starting with one slash is taken: not another host ("//…", "https://…"), not a bare word (which
    redirect() would try as a view name), nothing with control characters (a line break ends the header).
    """
    from django.utils.http import url_has_allowed_host_and_scheme

    if (
        not isinstance(value, str)
        or not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or any(ord(character) < 32 or ord(character) == 127 for character in value)
        or not url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False)
    ):
        return default
    return value
