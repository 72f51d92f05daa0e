from django import template
from django.apps import apps
from django.urls import reverse

register = template.Library()


@register.simple_tag
def two_factor_url() -> str:
    """The page where the account sets up two-factor authentication, when allauth's MFA is part of the site."""
    return reverse("mfa_index") if apps.is_installed("allauth.mfa") else ""
