from urllib.parse import quote

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from common.email import send_templated_email

from .models import User


def invitation_url(*, user: User) -> str:
    """A one-time link to choose a password: allauth's password-reset key for this user."""
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return settings.SITE_URL.rstrip("/") + path.replace("UID-KEY", quote(key))


def user_invite(*, user: User, invited_by: User | None = None) -> None:
    """E-mail a newly created account its link to set a password."""
    send_templated_email(
        template="accounts/email/invitation",
        to=[user.email],
        language=user.preferred_language,
        context={"user": user, "invited_by": invited_by, "url": invitation_url(user=user)},
    )
