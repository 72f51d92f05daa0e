from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from .models import DuesRecord, FocalPoint, Member


def member_list(*, filters: dict | None = None) -> QuerySet[Member]:
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
