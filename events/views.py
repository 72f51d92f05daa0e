from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from documents.selectors import documents_visible_to
from members.permissions import is_member_person

from .models import Decision, Session, SessionSpeaker
from .selectors import events_visible_to, past_events, upcoming_events


def event_list(request):
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": upcoming_events(user=request.user),
            "past": past_events(user=request.user),
        },
    )


def event_detail(request, slug: str):
    sessions = Session.objects.prefetch_related(
        Prefetch(
            "speaker_links",
            queryset=SessionSpeaker.objects.select_related("person__member").order_by("order"),
        )
    ).order_by("order")
    event = (
        events_visible_to(user=request.user)
        .prefetch_related("themes", Prefetch("sessions", queryset=sessions))
        .filter(slug=slug)
        .first()
    )
    if event is None:
        # A members-only event is not revealed to visitors: same answer as a missing one.
        raise Http404
    decisions = []
    minutes = getattr(event, "minutes", None)
    if minutes is not None and is_member_person(request.user):
        decisions = Decision.objects.filter(minutes=minutes).order_by("section", "number")
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "minutes": minutes,
            "decisions": decisions,
            "documents": documents_visible_to(user=request.user).filter(event=event),
            "side_events": events_visible_to(user=request.user).filter(parent=event),
        },
    )
