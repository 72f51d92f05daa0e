from django.contrib.auth.models import Group, Permission

from .models import COORDINATION_GROUP

COORDINATED_APPS = ["accounts", "auth", "members", "actionplan", "events", "documents", "consultations"]


def ensure_coordination_group(**kwargs) -> None:
    """The coordinator runs everything in the admin: the group holds every permission of the project's apps."""
    group, _ = Group.objects.get_or_create(name=COORDINATION_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=COORDINATED_APPS)
    group.permissions.add(*permissions)
