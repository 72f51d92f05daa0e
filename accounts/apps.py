from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from members.models import Member, Person

        from . import signals

        post_migrate.connect(signals.ensure_coordination_group, dispatch_uid="accounts_coordination_group")
        user_logged_in.connect(signals.user_logged_in, dispatch_uid="accounts_trusted_browser")
        # Two-step sign-in (accounts.middleware.RequireTwoStepSignInMiddleware): a second factor given or set up.
        from allauth.mfa.signals import authenticator_added, authenticator_used

        from .middleware import two_step_proved

        authenticator_used.connect(two_step_proved, dispatch_uid="accounts_two_step_used")
        authenticator_added.connect(two_step_proved, dispatch_uid="accounts_two_step_added")
        # The cached logged-in users (accounts.backends) follow their rows.
        user = self.get_model("User")
        post_save.connect(signals.user_changed, sender=user, dispatch_uid="accounts_user_saved")
        post_save.connect(signals.login_address_sync, sender=user, dispatch_uid="accounts_login_address")
        post_delete.connect(signals.user_changed, sender=user, dispatch_uid="accounts_user_deleted")
        pre_save.connect(signals.person_about_to_change, sender=Person, dispatch_uid="accounts_person_saving")
        post_save.connect(signals.person_changed, sender=Person, dispatch_uid="accounts_person_saved")
        post_delete.connect(signals.person_changed, sender=Person, dispatch_uid="accounts_person_deleted")
        pre_delete.connect(signals.member_about_to_be_deleted, sender=Member, dispatch_uid="accounts_member_deleting")
        m2m_changed.connect(signals.groups_changed, sender=user.groups.through, dispatch_uid="accounts_groups_changed")
