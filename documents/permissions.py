"""Who may read, download and upload which documents (DESIGN.md, "People and what they may do").

Reading follows the document's visibility: public for everyone, members for the members' people,
coordination for the coordinator. The coordinator uploads anything; a focal point uploads for their
own member only, never "coordination only".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from members.models import Member
from members.permissions import is_coordinator, is_member_person, members_user_is_focal_point_of

from .models import Document

if TYPE_CHECKING:
    from accounts.models import User


def visibilities_for(user: User) -> list[str]:
    if is_coordinator(user):
        return [choice.value for choice in Document.Visibility]
    if is_member_person(user):
        return [Document.Visibility.PUBLIC, Document.Visibility.MEMBERS]
    return [Document.Visibility.PUBLIC]


def can_view(user: User, document: Document) -> bool:
    return document.visibility in visibilities_for(user)


def upload_members(user: User) -> QuerySet[Member]:
    """The members the user may upload documents for: all for the coordinator, their own for a focal point."""
    if is_coordinator(user):
        return Member.objects.order_by("name")
    return members_user_is_focal_point_of(user).order_by("name")


def can_upload(user: User) -> bool:
    return is_coordinator(user) or upload_members(user).exists()


def can_upload_for(user: User, member: Member | None) -> bool:
    """May the user file a document under this member (None: a network-wide document)?"""
    if is_coordinator(user):
        return True
    return member is not None and upload_members(user).filter(pk=member.pk).exists()


def upload_visibilities(user: User) -> list[str]:
    if is_coordinator(user):
        return [choice.value for choice in Document.Visibility]
    return [Document.Visibility.PUBLIC, Document.Visibility.MEMBERS]


def can_add_version(user: User, document: Document) -> bool:
    if is_coordinator(user):
        return True
    return (
        document.visibility in upload_visibilities(user)
        and document.member_id is not None
        and can_upload_for(user, document.member)
    )
