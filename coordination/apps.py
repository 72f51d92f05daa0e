from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """The coordinator's workspace: the dashboard at /admin/ and the e-mails that say what waits."""

    default = True
    name = "coordination"
    verbose_name = _("Coordination")
    default_auto_field = "django.db.models.BigAutoField"


class CoordinationAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose home page is the coordinator's dashboard (coordination.sites)."""

    default = False
    default_site = "coordination.sites.CoordinationAdminSite"
