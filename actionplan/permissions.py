"""Who may do what with the action plan (DESIGN.md, "People and what they may do").

Everyone reads the plan, the roadmap, the themes and the projects. Partners are for members and the coordinator.
A focal point posts progress notes on the actions and projects its member takes part in; the coordinator on any,
and only the coordinator reviews proposed status changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from members.permissions import is_coordinator, is_member_person, members_user_is_focal_point_of

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Action, Project


def can_see_partners(user: User) -> bool:
    return is_member_person(user)


def focal_point_member_ids(user: User) -> set[int]:
    """The members whose focal point the user is: `members.permissions.is_focal_point_of` for all of them at once."""
    return set(members_user_is_focal_point_of(user).values_list("pk", flat=True))


def can_post_progress(user: User, target: Action | Project) -> bool:
    """A focal point on what its member takes part in; the coordinator on anything."""
    if is_coordinator(user):
        return True
    mine = focal_point_member_ids(user)
    return bool(mine) and any(member.pk in mine for member in target.members.all())


def can_review_progress(user: User) -> bool:
    return is_coordinator(user)


def can_see_plan(user: User, plan) -> bool:
    """Everyone reads the plan (DESIGN.md): its page and its printable PDF alike."""
    return True
