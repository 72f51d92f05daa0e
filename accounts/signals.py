from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .backends import forget_users
from .models import COORDINATION_GROUP

COORDINATED_APPS = ["accounts", "auth", "members", "actionplan", "events", "minutes", "documents", "consultations"]


def ensure_coordination_group(**kwargs) -> None:
    """The coordinator runs everything in the admin: the group holds every permission of the project's apps."""
    group, _ = Group.objects.get_or_create(name=COORDINATION_GROUP)
    permissions = Permission.objects.filter(
        # and, of common's tables, who left which mailing (the pending tasks are the beat's business)
        Q(content_type__app_label__in=COORDINATED_APPS)
        | Q(content_type__app_label="common", content_type__model="mailingoptout")
    )
    group.permissions.add(*permissions)


def user_logged_in(sender, request, user, **kwargs) -> None:
    """Remembered for accounts.middleware.TrustedBrowserMiddleware, which marks the browser on the way out."""
    if request is not None:
        request._logged_in_as = user.email


def login_address_sync(sender, instance, raw=False, **kwargs) -> None:
    """The account's login (User.email) is its one verified, primary address in allauth's table.

    The coordinator enters it (and the invitation sent there is how the person first logs in), so it counts as
    verified: allauth then refuses to verify the same address for another account, and the "change my address"
    page shows it as the address in use. An address changed in the admin replaces the old one here too.
    """
    from allauth.account.models import EmailAddress

    update_fields = kwargs.get("update_fields")
    if raw or not instance.email or (update_fields is not None and "email" not in update_fields):
        return
    email = instance.email.lower()
    current = EmailAddress.objects.filter(user=instance, email__iexact=email).first()
    if current is not None and current.verified and current.primary:
        return
    EmailAddress.objects.filter(user=instance, verified=True).exclude(email__iexact=email).delete()
    EmailAddress.objects.filter(user=instance, primary=True).exclude(email__iexact=email).update(primary=False)
    if current is None:
        EmailAddress.objects.create(user=instance, email=email, verified=True, primary=True)
    else:
        current.verified = current.primary = True
        current.save(update_fields=["verified", "primary"])


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


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Joining or leaving the coordination group changes what the person's pages show (common.page_cache keeps a
    logged-in reader's pages against their account's token)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # user.groups.add(...): the instance is the user
        forget_users([instance.pk])
    elif action == "pre_clear":  # group.user_set.clear(): its users, before they are gone
        forget_users(list(instance.user_set.values_list("pk", flat=True)))
    else:
        forget_users(list(pk_set or ()))
