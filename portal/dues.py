"""The dues line of "Mon espace": the one place the page reads the dues ledger.

Kept apart on purpose: the ledger's model is being reworked (amounts as money), and only this module would
change. Standing comes from members.selectors, as everywhere else; the balance from the year's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from members.models import DuesRecord, Member
from members.selectors import member_is_in_good_standing


@dataclass(frozen=True)
class DuesLine:
    year: int
    in_good_standing: bool
    recorded: bool  # False: no line in the ledger for the year: "not recorded", never "late"
    status_label: str = ""
    balance: Decimal | None = None  # what is left to pay, for a partial or unpaid year

    @property
    def is_task(self) -> bool:
        """Something for the member to do: a recorded year not settled."""
        return self.recorded and not self.in_good_standing


def dues_line(*, member: Member, year: int) -> DuesLine:
    record = DuesRecord.objects.filter(member=member, year=year).first()
    in_good_standing = member_is_in_good_standing(member=member, year=year)
    if record is None:
        return DuesLine(year=year, in_good_standing=in_good_standing, recorded=False)
    balance = max(record.amount_due - record.amount_paid, Decimal("0"))
    return DuesLine(
        year=year,
        in_good_standing=in_good_standing,
        recorded=True,
        status_label=record.get_status_display(),
        balance=None if in_good_standing else balance,
    )
