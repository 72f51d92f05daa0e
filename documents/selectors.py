from django.db.models import QuerySet

from members.permissions import is_coordinator, is_member_person

from .models import Document


def visibilities_for(*, user) -> list[str]:
    if is_coordinator(user):
        return [choice.value for choice in Document.Visibility]
    if is_member_person(user):
        return [Document.Visibility.PUBLIC, Document.Visibility.MEMBERS]
    return [Document.Visibility.PUBLIC]


def documents_visible_to(*, user) -> QuerySet[Document]:
    return (
        Document.objects.filter(visibility__in=visibilities_for(user=user))
        .select_related("member", "event")
        .order_by("-published_on", "title")
    )
