from django.contrib.auth.models import Group, Permission

from .backends import forget_users
from .models import COORDINATION_GROUP

COORDINATED_APPS = ["accounts", "auth", "members", "actionplan", "events", "documents", "consultations"]


def ensure_coordination_group(**kwargs) -> None:
    """The coordinator runs everything in the admin: the group holds every permission of the project's apps."""
    group, _ = Group.objects.get_or_create(name=COORDINATION_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=COORDINATED_APPS)
    group.permissions.add(*permissions)


def user_logged_in(sender, request, user, **kwargs) -> None:
    """Remembered for accounts.middleware.TrustedBrowserMiddleware, which marks the browser on the way out."""
    if request is not None:
        request._logged_in_as = user.email


# ---- the cached logged-in users (accounts.backends) ---------------------------------------------------------------


def user_changed(sender, instance, **kwargs) -> None:
    forget_users([instance.pk])


def person_changed(sender, instance, **kwargs) -> None:
    forget_users([instance.user_id, getattr(instance, "_user_id_before", None)])


def person_about_to_change(sender, instance, **kwargs) -> None:
    """The account the person had before this save: if they move to another one, its cached copy still shows them."""
    if instance.pk and not kwargs.get("raw"):
        instance._user_id_before = sender.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()


def member_about_to_be_deleted(sender, instance, **kwargs) -> None:
    """Deleting a member empties its people's member without saving them (SET_NULL): forget their users."""
    forget_users(list(instance.people.exclude(user=None).values_list("user_id", flat=True)))
