from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Each person's own page ("Mon espace", /me/) and the account menu of the header."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("My space")
