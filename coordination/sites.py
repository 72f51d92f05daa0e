"""The admin site whose home page is the coordinator's dashboard; the list of models follows below it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import NotificationPreference
from .recipients import mode_of


class NotificationForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("When something waits, tell me by"),
        choices=NotificationPreference.Mode.choices,
        widget=forms.RadioSelect,
    )


class CoordinationAdminSite(admin.AdminSite):
    site_header = "RVASE — Coordination"
    site_title = "RVASE"
    index_title = gettext_lazy("Coordination dashboard")
    index_template = "admin/coordination_index.html"
    # The lists need the whole width of a 1366 px screen: the dashboard and the breadcrumbs lead to them.
    enable_nav_sidebar = False

    def get_urls(self):
        return [
            path("notifications/", self.admin_view(require_POST(self.notifications_view)), name="notifications"),
            path("english-missing/", self.admin_view(self.english_missing_view), name="english_missing"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        context = {**(extra_context or {})}
        if request.user.is_coordinator:
            context["dashboard"] = selectors.dashboard()
            context["notification_form"] = NotificationForm(initial={"mode": mode_of(request.user)})
        return super().index(request, context)

    def english_missing_view(self, request):
        if not request.user.is_coordinator:
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": _("Content without its English text"),
            "rows": selectors.english_missing_rows(),
        }
        return TemplateResponse(request, "admin/english_missing.html", context)

    def notifications_view(self, request):
        form = NotificationForm(request.POST)
        if request.user.is_coordinator and form.is_valid():
            preference = services.notification_preference_set(user=request.user, mode=form.cleaned_data["mode"])
            messages.success(
                request,
                _("Saved: %(mode)s.") % {"mode": preference.get_mode_display().lower()},
            )
        return HttpResponseRedirect(reverse("admin:index"))
