"""Links that leave the site: in e-mails, calendar feeds, PDFs and open data, pages are named by their full address."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """The full address of a path of the portal, from SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path
