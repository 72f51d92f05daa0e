from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from .models import DuesRecord, FocalPoint, Member, NewsItem
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


def dues_settled(*, year: int) -> Exists:
    """For a member (the outer query's row): are its dues for `year` paid or exempt?"""
    return Exists(
        DuesRecord.objects.filter(
            member=OuterRef("pk"), year=year, status__in=[DuesRecord.Status.PAID, DuesRecord.Status.EXEMPT]
        )
    )


def members_in_good_standing(*, year: int) -> QuerySet[Member]:
    """Members whose dues for `year` are paid or exempt: only they take part in activities."""
    return Member.objects.filter(dues_settled(year=year))


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
