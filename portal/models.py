from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalVisit(models.Model):
    """When a person last opened "Mon espace": what is new is what happened since their previous visit.

    Visits less than VISIT_GAP apart (portal.services) count as one, so that coming back to the page after
    answering a consultation still shows what was new when the visit began.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_visit", verbose_name=_("user")
    )
    seen_at = models.DateTimeField(_("last seen at"))
    previous_seen_at = models.DateTimeField(_("visit before"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit of “Mon espace”")
        verbose_name_plural = _("visits of “Mon espace”")

    def __str__(self) -> str:
        return f"{self.user} — {self.seen_at:%Y-%m-%d %H:%M}"
