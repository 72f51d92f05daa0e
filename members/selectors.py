from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from .models import DuesRecord, FocalPoint, Member


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


def members_in_good_standing(*, year: int) -> QuerySet[Member]:
    """Members whose dues for `year` are paid or exempt: only they take part in activities."""
    settled = DuesRecord.objects.filter(
        member=OuterRef("pk"), year=year, status__in=[DuesRecord.Status.PAID, DuesRecord.Status.EXEMPT]
    )
    return Member.objects.filter(Exists(settled))


def member_is_in_good_standing(*, member: Member, year: int) -> bool:
    return members_in_good_standing(year=year).filter(pk=member.pk).exists()


def members_without_confirmed_focal_point() -> QuerySet[Member]:
    confirmed = FocalPoint.objects.filter(member=OuterRef("pk"), confirmed_on__isnull=False)
    return Member.objects.exclude(Exists(confirmed))


def member_themes(*, member: Member):
    """The themes a member works on, through its projects and the actions it takes part in."""
    from actionplan.models import Theme

    return (
        Theme.objects.filter(Q(projects__members=member) | Q(actions__members=member))
        .distinct()
        .order_by("kind", "order")
    )


def dues_overview(*, year: int) -> dict:
    """The ledger of one year: count and amounts per status, totals, and members with no record."""
    records = DuesRecord.objects.filter(year=year)
    rows = {
        row["status"]: row
        for row in records.values("status").annotate(count=Count("pk"), due=Sum("amount_due"), paid=Sum("amount_paid"))
    }
    statuses = [
        {
            "status": value,
            "label": label,
            "count": rows.get(value, {}).get("count", 0),
            "due": rows.get(value, {}).get("due") or Decimal("0"),
            "paid": rows.get(value, {}).get("paid") or Decimal("0"),
        }
        for value, label in DuesRecord.Status.choices
    ]
    return {
        "year": year,
        "statuses": statuses,
        "total_count": sum(row["count"] for row in statuses),
        "total_due": sum(row["due"] for row in statuses),
        "total_paid": sum(row["paid"] for row in statuses),
        "without_record": Member.objects.exclude(dues__year=year).select_related("country").order_by("name"),
    }
