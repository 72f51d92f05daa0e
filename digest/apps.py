from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_digest_permissions(**kwargs) -> None:
    """The coordinator runs the monthly watch: the "Coordination" group holds the digest's permissions too."""
    from django.contrib.auth.models import Group, Permission

    from accounts.models import COORDINATION_GROUP

    permissions = Permission.objects.filter(content_type__app_label="digest")
    if permissions.exists():
        group, _created = Group.objects.get_or_create(name=COORDINATION_GROUP)
        group.permissions.add(*permissions)


class DigestConfig(AppConfig):
    name = "digest"
    verbose_name = _("Monthly watch")

    def ready(self) -> None:
        post_migrate.connect(grant_digest_permissions, dispatch_uid="digest_coordination_permissions")
