from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from members.models import Member

from .models import Consultation, Response


def consultations_for(*, member: Member | None) -> QuerySet[Consultation]:
    """Every round, with its counts, and whether `member` is consulted and has answered."""
    consultations = Consultation.objects.annotate(
        eligible_count=Count("eligible_members", distinct=True),
        answered_count=Count("responses", distinct=True),
    ).order_by("closed_at", "-deadline")
    if member is not None:
        consultations = consultations.annotate(
            member_eligible=Exists(
                Consultation.eligible_members.through.objects.filter(consultation=OuterRef("pk"), member=member)
            ),
            member_answered=Exists(Response.objects.filter(consultation=OuterRef("pk"), member=member)),
        )
    return consultations


def consultation_detail(*, pk: int) -> Consultation:
    return (
        Consultation.objects.select_related("minutes__event", "roadmap", "reported_in__event")
        .prefetch_related(
            Prefetch("responses", queryset=Response.objects.select_related("member", "answered_by")),
        )
        .get(pk=pk)
    )
