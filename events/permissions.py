"""Who may see, register for, propose and host events (DESIGN.md, "People and what they may do")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from members.models import Member
from members.permissions import is_coordinator, is_member_person, member_of, members_acted_for

from .models import Event

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User
    from members.models import Person


def can_see_event(user: User, event: Event) -> bool:
    """Published events by visibility; proposals only to the coordination and the proposing member's people."""
    if event.publication != Event.Publication.PUBLISHED:
        if is_coordinator(user):
            return True
        member = member_of(user)
        return member is not None and member.pk == event.host_member_id
    if event.visibility == Event.Visibility.MEMBERS:
        return is_member_person(user)
    return True


def can_register(user: User) -> bool:
    """Registration is for the members' people (and the coordination, on their behalf)."""
    return is_coordinator(user) or member_of(user) is not None


def can_register_person(user: User, person: Person) -> bool:
    """A member's people register themselves or others of their own member; the coordination anyone of a member."""
    if person.member_id is None:
        return False
    if is_coordinator(user):
        return True
    member = member_of(user)
    return member is not None and member.pk == person.member_id


def can_cancel_registration(user: User, registration) -> bool:
    return can_register_person(user, registration.person)


def members_user_is_focal_point_of(user: User) -> QuerySet[Member]:
    return members_acted_for(user).order_by("name")


def members_user_may_propose_for(user: User) -> QuerySet[Member]:
    """Focal points propose events for their member; the coordination may propose for any member."""
    if is_coordinator(user):
        return Member.objects.order_by("name")
    return members_user_is_focal_point_of(user)


def can_propose_events(user: User) -> bool:
    return members_user_may_propose_for(user).exists()


def can_review_proposals(user: User) -> bool:
    return is_coordinator(user)


def can_offer_hosting(user: User, member: Member) -> bool:
    """Offering to host commits the member: its focal point does it (or the coordination for it)."""
    return is_coordinator(user) or members_user_is_focal_point_of(user).filter(pk=member.pk).exists()


def can_see_candidatures(user: User) -> bool:
    return is_member_person(user)


def can_decide_candidatures(user: User) -> bool:
    return is_coordinator(user)


def can_see_all_registrations(user: User) -> bool:
    return is_coordinator(user)


# ---- minutes ---------------------------------------------------------------------------------------------------


def can_read_minutes(user: User) -> bool:
    """Approved minutes, their versions and the PDFs (minutes, annual-meeting summary) are for the members."""
    return is_member_person(user)


def can_manage_minutes(user: User) -> bool:
    """Writing, circulating and approving minutes is the coordination's job."""
    return is_coordinator(user)


def is_minutes_attendee(user: User, minutes) -> bool:
    """The user attended (or was excused), or is a focal point of a member that attended."""
    if not user.is_authenticated or not user.is_active:
        return False
    from .selectors import attendee_people_and_members

    people, members = attendee_people_and_members(minutes=minutes)
    person = getattr(user, "person", None)
    if person is not None and person.pk in people:
        return True
    return members_user_is_focal_point_of(user).filter(pk__in=members).exists()


def can_see_working_minutes(user: User, minutes) -> bool:
    """The text not approved yet: the coordination always, the attendees once it is circulated to them."""
    if can_manage_minutes(user):
        return True
    return minutes.status == minutes.Status.CIRCULATED and is_minutes_attendee(user, minutes)


def can_comment_minutes(user: User, minutes) -> bool:
    return minutes.status == minutes.Status.CIRCULATED and (
        can_manage_minutes(user) or is_minutes_attendee(user, minutes)
    )
