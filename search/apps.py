from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search over the whole site (/search/?q=…)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search")
