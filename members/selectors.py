from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from common.money import format_money  # noqa: F401 — re-exported for the members app

from .models import DuesPayment, DuesRecord, DuesYear, FocalPoint, Member, NewsItem
from .permissions import is_coordinator, members_user_is_focal_point_of


def member_list() -> QuerySet[Member]:
    """Members for the directory, each with its primary focal point, in a fixed number of queries."""
    return (
        Member.objects.select_related("country")
        .prefetch_related(
            Prefetch(
                "focal_points",
                queryset=FocalPoint.objects.filter(is_primary=True).select_related("person"),
                to_attr="primary_focal_points",
            )
        )
        .order_by("country__name", "name")
    )


SUGGESTIONS = 10


def member_suggestions(*, text: str) -> list[dict]:
    """The first members whose name (or local name, or slug) holds `text`, for a filter's text box."""
    text = text.strip()
    if len(text) < 2:
        return []
    members = Member.objects.filter(
        Q(name__icontains=text) | Q(local_name__icontains=text) | Q(slug__icontains=text)
    ).order_by("name")[:SUGGESTIONS]
    return [{"name": member.name, "slug": member.slug} for member in members.only("name", "slug")]


def members_for_map() -> QuerySet[Member]:
    """Members with what the home page's list and map show (name, kind, country, position): no focal point."""
    return (
        Member.objects.select_related("country")
        .only("name", "slug", "kind", "latitude", "longitude", "country__code", "country__name", "country__local_name")
        .order_by("country__name", "name")
    )


# ---- dues ------------------------------------------------------------------------------------------------------
#
# A member's dues for a year are worked out from what the coordination recorded: the year's amount (DuesYear), the
# member's own line (DuesRecord: its own amount, an exemption) and the payments. With nothing recorded, the member is
# "not recorded" — never late — unless the coordination decided that year that nothing recorded counts as unpaid.

MONEY = DecimalField(max_digits=12, decimal_places=2)
ZERO = Decimal("0.00")
# The statuses that let a member take part in registrations and validation rounds.
TAKING_PART = (DuesRecord.Status.PAID, DuesRecord.Status.EXEMPT, DuesRecord.Status.NOT_RECORDED)


def dues_year(*, year: int) -> DuesYear | None:
    return DuesYear.objects.filter(year=year).first()


@dataclass
class DuesLine:
    """Where a member stands for one year's dues."""

    member: Member
    year: int
    status: str
    due: Decimal | None
    paid: Decimal

    @property
    def status_label(self) -> str:
        return DuesRecord.Status(self.status).label

    @property
    def balance(self) -> Decimal | None:
        """What the member still owes: nothing when exempt or not recorded, unknown when the amount is."""
        if self.status in (DuesRecord.Status.EXEMPT, DuesRecord.Status.NOT_RECORDED):
            return ZERO
        if self.due is None:
            return None
        return max(self.due - self.paid, ZERO)

    @property
    def takes_part(self) -> bool:
        return self.status in TAKING_PART


def _status_expression(*, exempt, recorded, due: str, paid: str, unrecorded: str) -> Case:
    return Case(
        When(exempt, then=Value(DuesRecord.Status.EXEMPT)),
        When(~recorded, then=Value(unrecorded)),
        When(**{f"{paid}__gte": F(due)}, then=Value(DuesRecord.Status.PAID)),
        When(**{f"{paid}__gt": 0}, then=Value(DuesRecord.Status.PARTIAL)),
        default=Value(DuesRecord.Status.UNPAID),
        output_field=CharField(),
    )


def members_with_dues(*, year: int, schedule: DuesYear | None = None, queryset=None) -> QuerySet[Member]:
    """Members annotated with their dues of `year`: dues_recorded, dues_exempt, dues_due, dues_paid, dues_status.

    One query for the list, whatever the number of members, years and payments (plus one for the year's amount when
    `schedule` is not given).
    """
    if schedule is None:
        schedule = dues_year(year=year)
    records = DuesRecord.objects.filter(member=OuterRef("pk"), year=year)
    paid = (
        DuesPayment.objects.filter(record__member=OuterRef("pk"), record__year=year)
        .order_by()
        .values("record__member")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    own_amount = Subquery(records.values("amount_due")[:1], output_field=MONEY)
    due = Coalesce(own_amount, Value(schedule.amount, output_field=MONEY)) if schedule else own_amount
    counts_as_unpaid = schedule is not None and schedule.unrecorded_counts_as_unpaid
    unrecorded = DuesRecord.Status.UNPAID if counts_as_unpaid else DuesRecord.Status.NOT_RECORDED
    queryset = Member.objects.all() if queryset is None else queryset
    return queryset.annotate(
        dues_recorded=Exists(records),
        dues_exempt=Exists(records.filter(exempt=True)),
        dues_due=due,
        dues_paid=Coalesce(Subquery(paid, output_field=MONEY), Value(ZERO, output_field=MONEY)),
    ).annotate(
        dues_status=_status_expression(
            exempt=Q(dues_exempt=True),
            recorded=Q(dues_recorded=True),
            due="dues_due",
            paid="dues_paid",
            unrecorded=unrecorded,
        )
    )


def records_with_dues(queryset=None) -> QuerySet[DuesRecord]:
    """Members' dues lines annotated with due (their own amount or the year's), paid and status, in one query."""
    queryset = DuesRecord.objects.all() if queryset is None else queryset
    paid = (
        DuesPayment.objects.filter(record=OuterRef("pk"))
        .order_by()
        .values("record")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    year_amount = Subquery(DuesYear.objects.filter(year=OuterRef("year")).values("amount")[:1], output_field=MONEY)
    return queryset.annotate(
        dues_due=Coalesce(F("amount_due"), year_amount, output_field=MONEY),
        dues_paid=Coalesce(Subquery(paid, output_field=MONEY), Value(ZERO, output_field=MONEY)),
        dues_recorded=Value(True),
    ).annotate(
        dues_status=_status_expression(
            exempt=Q(exempt=True),
            recorded=Q(dues_recorded=True),
            due="dues_due",
            paid="dues_paid",
            unrecorded=DuesRecord.Status.NOT_RECORDED,
        )
    )


def member_dues(*, member: Member, year: int) -> DuesLine:
    annotated = members_with_dues(year=year, queryset=Member.objects.filter(pk=member.pk)).get()
    return DuesLine(
        member=member, year=year, status=annotated.dues_status, due=annotated.dues_due, paid=annotated.dues_paid
    )


def members_in_good_standing(*, year: int) -> QuerySet[Member]:
    """Members that take part in activities for `year`: dues paid or exempt, or not recorded (unless the coordination
    counts nothing recorded as unpaid that year). A balance left to pay keeps a member out."""
    return members_with_dues(year=year).filter(dues_status__in=TAKING_PART)


def member_is_in_good_standing(*, member: Member, year: int) -> bool:
    return member_dues(member=member, year=year).takes_part


def members_without_confirmed_focal_point() -> QuerySet[Member]:
    confirmed = FocalPoint.objects.filter(member=OuterRef("pk"), confirmed_on__isnull=False)
    return Member.objects.exclude(Exists(confirmed))


def member_history_rows(*, member: Member, revisions: list) -> list[dict]:
    """A member page's revisions as the history shows them: each change under the field's label, a logo under the
    name of its file (never its storage path), officials as names."""
    labels = {
        **{name: Member._meta.get_field(name).verbose_name for name in ("description", "website", "email", "phone")},
        "description_en": _("public description in English"),
        "address": Member._meta.get_field("address").verbose_name,
        "logo": Member._meta.get_field("logo").verbose_name,
        "officials": _("officials"),
    }
    # The file name of each stored logo, from the snapshots that recorded it (and the page as it is now).
    logo_names = {member.logo.name: member.logo_name} if member.logo else {}
    for revision in revisions:
        snapshot = revision.snapshot or {}
        if snapshot.get("logo") and snapshot.get("logo_name"):
            logo_names.setdefault(snapshot["logo"], snapshot["logo_name"])

    def shown(field: str, value):
        if field == "logo":
            if not value:
                return None
            return logo_names.get(value) or _("a file whose name was not recorded")
        return value

    return [
        {
            "revision": revision,
            "changes": [
                {
                    "field": field,
                    "label": labels.get(field, field),
                    "values": [shown(field, value) for value in values],
                }
                for field, values in (revision.changes or {}).items()
            ],
        }
        for revision in revisions
    ]


def member_themes(*, member: Member):
    """The themes a member works on, through its projects and the actions it takes part in."""
    from actionplan.models import Theme

    return (
        Theme.objects.filter(Q(projects__members=member) | Q(actions__members=member))
        .distinct()
        .order_by("kind", "order")
    )


def dues_overview(*, year: int) -> dict:
    """The dues of one year: a line per member, the count and amounts per status, and the totals."""
    schedule = dues_year(year=year)
    members = list(members_with_dues(year=year, schedule=schedule).select_related("country").order_by("name"))
    lines = [DuesLine(member=m, year=year, status=m.dues_status, due=m.dues_due, paid=m.dues_paid) for m in members]
    statuses = []
    for value, label in DuesRecord.Status.choices:
        of_status = [line for line in lines if line.status == value]
        owed = value not in (DuesRecord.Status.EXEMPT, DuesRecord.Status.NOT_RECORDED)
        statuses.append(
            {
                "status": value,
                "label": label,
                "count": len(of_status),
                "due": sum((line.due or ZERO for line in of_status), ZERO) if owed else ZERO,
                "paid": sum((line.paid for line in of_status), ZERO),
                "balance": sum((line.balance or ZERO for line in of_status), ZERO),
            }
        )
    return {
        "year": year,
        "schedule": schedule,
        "currency": settings.DUES_CURRENCY,
        "lines": lines,
        "statuses": statuses,
        "total_count": len(lines),
        "total_due": sum((row["due"] for row in statuses), ZERO),
        "total_paid": sum((row["paid"] for row in statuses), ZERO),
        "total_balance": sum((row["balance"] for row in statuses), ZERO),
        "without_record": [line.member for line in lines if line.status == DuesRecord.Status.NOT_RECORDED],
        "unknown_amount": [line.member for line in lines if line.balance is None],
    }


def dues_history(*, member: Member, years: int = 5) -> list[dict]:
    """A member's dues of the last `years` recorded years, each with its payments, newest first (three queries)."""
    records = list(
        records_with_dues(DuesRecord.objects.filter(member=member))
        .prefetch_related(Prefetch("payments", queryset=DuesPayment.objects.order_by("-paid_on", "-pk")))
        .order_by("-year")[:years]
    )
    return [
        {
            "record": record,
            "line": DuesLine(
                member=member, year=record.year, status=record.dues_status, due=record.dues_due, paid=record.dues_paid
            ),
            "payments": list(record.payments.all()),
        }
        for record in records
    ]


# ---- news for the monthly watch ----------------------------------------------------------------------------------


def published_news() -> QuerySet[NewsItem]:
    """Published news, newest first, each with its member (and the member's country)."""
    return (
        NewsItem.objects.filter(status=NewsItem.Status.PUBLISHED)
        .select_related("member__country")
        .order_by("-published_at", "-pk")
    )


def news_published_between(*, start, end) -> QuerySet[NewsItem]:
    """News published in [start, end) (aware datetimes), oldest first: what a month's digest reports."""
    return published_news().filter(published_at__gte=start, published_at__lt=end).order_by("published_at", "pk")


def unpublished_news_for(*, user) -> QuerySet[NewsItem]:
    """News not published yet that the user may edit: every submitted one for the coordinator, their members' for a
    focal point (drafts included)."""
    items = NewsItem.objects.exclude(status=NewsItem.Status.PUBLISHED).select_related("member", "author")
    if is_coordinator(user):
        # The coordinator's queue: what focal points submitted, and the coordinator's own drafts.
        return items.filter(Q(status=NewsItem.Status.SUBMITTED) | Q(author=user)).order_by("submitted_at", "pk")
    if not user.is_authenticated or not user.is_active:
        return NewsItem.objects.none()
    return items.filter(member__in=members_user_is_focal_point_of(user)).order_by("-created_at")


def news_members_for(*, user) -> QuerySet[Member]:
    """The members the user may post news for: their own as a focal point, every member for the coordinator."""
    if is_coordinator(user):
        return Member.objects.order_by("name")
    return members_user_is_focal_point_of(user).order_by("name")
