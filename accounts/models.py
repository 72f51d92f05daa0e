from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from common.validators import validate_not_formula

COORDINATION_GROUP = "Coordination"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with an e-mail address; accounts are created by the coordinator."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True, validators=[validate_not_formula])
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )

    # Raised each time the account is deactivated: the sessions opened before no longer match (get_session_auth_hash),
    # so reactivating the account does not bring them back.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # One address, one account: stored in lower case so that logins and look-ups agree.
        self.email = self.email.lower()
        update_fields = kwargs.get("update_fields")
        if self.pk and not self.is_active and (update_fields is None or "is_active" in update_fields):
            was_active = type(self)._default_manager.filter(pk=self.pk, is_active=True).exists()
            if was_active:
                self.session_generation += 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "session_generation"}
        super().save(*args, **kwargs)

    # ---- sessions: Django compares the session's hash with this one at every request ----------------------------

    def get_session_auth_hash(self) -> str:
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=secret)

    def _session_hash(self, secret=None) -> str:
        # Django's own hash while the account was never deactivated, so no session ends when this code arrives.
        value = self.password if not self.session_generation else f"{self.password}:{self.session_generation}"
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def is_coordinator(self) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        cached = getattr(self, "_is_coordinator", None)
        if cached is None:
            cached = self.groups.filter(name=COORDINATION_GROUP).exists()
            self._is_coordinator = cached
        return cached
