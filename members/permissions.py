"""Who may see and change what about members (DESIGN.md, "People and what they may do")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import FocalPoint, Member

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User


def member_of(user: User) -> Member | None:
    """The member a logged-in person belongs to, if any."""
    if not user.is_authenticated or not user.is_active:
        return None
    person = getattr(user, "person", None)
    return person.member if person is not None else None


def is_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_coordinator)


def is_member_person(user: User) -> bool:
    """Members-only pages: a member's people and the coordination.

    A member's person is answered without a query (the person is loaded with the user, accounts.backends);
    only someone who belongs to no member costs the coordination group's lookup.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    person = getattr(user, "person", None)
    return (person is not None and person.member_id is not None) or is_coordinator(user)


def is_focal_point_of(user: User, member: Member) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return member.focal_points.acting().filter(person__user=user).exists()


def members_user_is_focal_point_of(user: User) -> QuerySet[Member]:
    """The members whose confirmed focal point the user is: `is_focal_point_of` for all of them at once (an
    unconfirmed record grants nothing)."""
    if not user.is_authenticated or not user.is_active:
        return Member.objects.none()
    acting = FocalPoint.objects.acting().filter(person__user=user)
    return Member.objects.filter(focal_points__in=acting).distinct().order_by("name")


def members_user_acts_for(user: User) -> QuerySet[Member]:
    """The members on whose behalf the user acts: any of them for the coordination, a focal point's own."""
    if is_coordinator(user):
        return Member.objects.order_by("name")
    return members_user_is_focal_point_of(user)


def can_edit_member(user: User, member: Member) -> bool:
    return is_coordinator(user) or is_focal_point_of(user, member)


def can_see_standing(user: User, member: Member) -> bool:
    """Dues standing is shown to the coordinator and the member's own people, never to visitors."""
    return is_coordinator(user) or (member_of(user) == member)


# ---- news for the monthly watch ----------------------------------------------------------------------------------


def can_post_news(user: User, member: Member) -> bool:
    """The member's focal point posts its news; the coordinator may post for any member."""
    return is_coordinator(user) or is_focal_point_of(user, member)


def can_publish_news(user: User) -> bool:
    return is_coordinator(user)


def can_edit_news(user: User, item) -> bool:
    """The coordinator edits any news; the focal point edits their member's news until it is published."""
    if is_coordinator(user):
        return True
    return not item.is_published and is_focal_point_of(user, item.member)


def can_see_news(user: User, item) -> bool:
    """Published news is public; a draft is seen only by those who may edit it."""
    return item.is_published or can_edit_news(user, item)
