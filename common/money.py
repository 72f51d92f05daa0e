"""Amounts of the dues ledger, written the reader's way with the network's currency (settings.DUES_CURRENCY)."""

from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format


def format_money(amount: Decimal | None) -> str:
    """ "1 000,00 EUR" in French, "1,000.00 EUR" in English; "—" for an unknown amount."""
    if amount is None:
        return "—"
    return f"{number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)} {settings.DUES_CURRENCY}"
