from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The network presented to everyone: who it is (About), how it works, and the timeline of its activities."""

    name = "network"
    verbose_name = _("The network")
