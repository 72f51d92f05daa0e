from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .signals import ensure_coordination_group

        post_migrate.connect(ensure_coordination_group, dispatch_uid="accounts_coordination_group")
