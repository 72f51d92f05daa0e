"""Checks shared by several apps' fields."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.spreadsheet import FORMULA_TRIGGERS


def validate_not_formula(value: str) -> None:
    """An e-mail address may not start like a spreadsheet formula (=, +, -, @, tab, carriage return).

    Such addresses are valid to RFC 5322 ("=1+cmd|'/Ccalc'!A0@vte.example") but no real mailbox is named so,
    and the coordinator opens the exports in a spreadsheet (the exports neutralise them too: common.spreadsheet).
    """
    if value and value[0] in FORMULA_TRIGGERS:
        raise ValidationError(
            _("An e-mail address cannot start with %(character)s."),
            code="formula",
            params={"character": repr(value[0]).strip("'")},
        )
