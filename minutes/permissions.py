"""Who may read, write, circulate, comment on and approve minutes (DESIGN.md, "People and what they may do")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from members.permissions import is_coordinator, is_member_person, members_user_is_focal_point_of

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Minutes


def can_read_minutes(user: User) -> bool:
    """Approved minutes, their versions and the PDFs (minutes, annual-meeting summary) are for the members."""
    return is_member_person(user)


def can_manage_minutes(user: User) -> bool:
    """Writing, circulating and approving minutes is the coordination's job."""
    return is_coordinator(user)


def attendee_people_and_members(*, minutes: Minutes) -> tuple[set[int], set[int]]:
    """Ids of the people who attended (or were excused), and of the members present through them or as such."""
    people, members = set(), set()
    for person_id, member_id, person_member_id in minutes.attendees.values_list(
        "person_id", "member_id", "person__member_id"
    ):
        if person_id:
            people.add(person_id)
        for value in (member_id, person_member_id):
            if value:
                members.add(value)
    return people, members


def is_minutes_attendee(user: User, minutes) -> bool:
    """The user attended (or was excused), or is a focal point of a member that attended."""
    if not user.is_authenticated or not user.is_active:
        return False
    people, members = attendee_people_and_members(minutes=minutes)
    person = getattr(user, "person", None)
    if person is not None and person.pk in people:
        return True
    return members_user_is_focal_point_of(user).filter(pk__in=members).exists()


def can_see_working_minutes(user: User, minutes) -> bool:
    """The text not approved yet: the coordination always, the attendees once it is circulated to them."""
    if can_manage_minutes(user):
        return True
    if minutes.status != minutes.Status.CIRCULATED:
        return False
    # Minutes sent to every member for validation (the 2023 conclusions) are every member's to read.
    if minutes.circulated_to_members and is_member_person(user):
        return True
    return is_minutes_attendee(user, minutes)


def can_comment_minutes(user: User, minutes) -> bool:
    return minutes.status == minutes.Status.CIRCULATED and (
        can_manage_minutes(user) or is_minutes_attendee(user, minutes)
    )
