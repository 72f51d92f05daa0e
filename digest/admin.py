from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from common.parsing import parse_positive_int
from members.models import Person

from . import builder, services
from .models import Digest, DigestDelivery, Subscription

Status = DigestDelivery.Status
# The preview frame shows an e-mail: its inline styles are allowed there, and nothing else.
PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'"


class DigestAddForm(forms.ModelForm):
    month_text = forms.CharField(
        label=_("Month"), max_length=7, help_text=_("YYYY-MM, for example 2026-06. The current month may be previewed.")
    )

    class Meta:
        model = Digest
        fields = ()

    def clean_month_text(self):
        try:
            month = services.parse_month(self.cleaned_data["month_text"], allow_current=True)
        except services.MonthError as error:
            raise forms.ValidationError(str(error)) from error
        if Digest.objects.filter(month=month).exists():
            raise forms.ValidationError(_("The digest of this month already exists."))
        self.instance.month = month
        return self.cleaned_data["month_text"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("label", "started_at", "progress", "sent_count", "failed_count")
    readonly_fields = ("month", "created_at", "started_at", "started_by")
    change_form_template = "admin/digest/digest/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                total_count=Count("deliveries"),
                pending_count=Count("deliveries", filter=Q(deliveries__status=Status.PENDING)),
                sent_count=Count("deliveries", filter=Q(deliveries__status=Status.SENT)),
                failed_count=Count("deliveries", filter=Q(deliveries__status=Status.FAILED)),
            )
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = DigestAddForm
            kwargs["fields"] = ()
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ("month_text",) if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Once sending started, the deliveries are the record that keeps a rerun from sending twice.
        if obj is not None and obj.started_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:digest_digest_preview", obj.pk)

    @admin.display(description=_("month"), ordering="month")
    def label(self, obj):
        return obj.label

    @admin.display(description=_("done"))
    def progress(self, obj):
        if not obj.total_count:
            return "—"
        return f"{obj.total_count - obj.pending_count} / {obj.total_count}"

    @admin.display(description=_("sent"), ordering="sent_count")
    def sent_count(self, obj):
        return obj.sent_count

    @admin.display(description=_("failed"), ordering="failed_count")
    def failed_count(self, obj):
        return obj.failed_count

    # ---- the coordinator's pages: preview, test, send, progress, retry --------------------------------------------

    def get_urls(self):
        def view(function, name):
            return path(f"<int:digest_id>/{name}/", self.admin_site.admin_view(function), name=f"digest_digest_{name}")

        return [
            view(self.preview_view, "preview"),
            path(
                "<int:digest_id>/preview/html/",
                self.admin_site.admin_view(self.preview_html_view),
                name="digest_digest_preview_html",
            ),
            view(require_POST(self.test_view), "test"),
            view(self.send_view, "send"),
            view(self.progress_view, "progress"),
            view(require_POST(self.retry_view), "retry"),
            *super().get_urls(),
        ]

    def _digest(self, request, digest_id: int, *, change: bool = False) -> Digest:
        digest = get_object_or_404(Digest, pk=digest_id)
        allowed = self.has_change_permission(request, digest) if change else self.has_view_permission(request, digest)
        if not allowed:
            raise PermissionDenied
        return digest

    def _context(self, request, digest: Digest, title) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": digest,
            "digest": digest,
            "title": title,
            "has_change_permission": self.has_change_permission(request, digest),
        }

    def _chosen(self, request, recipients: list[builder.Recipient]) -> builder.Recipient | None:
        value = request.GET.get("recipient") or request.POST.get("recipient")
        if not value:
            return recipients[0] if recipients else None
        person_id = parse_positive_int(value)
        if person_id is None:
            raise Http404
        for recipient in recipients:
            if recipient.person.pk == person_id:
                return recipient
        person = get_object_or_404(Person.objects.select_related("user", "member"), pk=person_id)
        return builder.as_recipient(person)

    def preview_view(self, request, digest_id: int):
        digest = self._digest(request, digest_id)
        recipients = builder.recipients()
        recipient = self._chosen(request, recipients)
        context = self._context(request, digest, _("Preview of the digest of %(month)s") % {"month": digest.label})
        context.update(recipients=recipients, recipient=recipient)
        if recipient is not None:
            data = builder.build_digest_data(month=digest.month)
            message = builder.compose_message(data=data, recipient=recipient)
            context.update(
                data=data,
                message=message,
                headers=sorted(message.extra_headers.items()),
                address_problem=recipient.address_problem(),
            )
        return TemplateResponse(request, "admin/digest/digest/preview.html", context)

    def preview_html_view(self, request, digest_id: int):
        """The HTML part alone, for the preview's frame: exactly what the recipient's mail program shows."""
        digest = self._digest(request, digest_id)
        recipient = self._chosen(request, builder.recipients())
        if recipient is None:
            raise Http404
        data = builder.build_digest_data(month=digest.month)
        message = builder.compose_message(data=data, recipient=recipient)
        html = message.alternatives[0][0]
        # Links open outside the frame (the portal's pages refuse to be framed); the message itself is unchanged.
        html = html.replace("<head>", '<head><base target="_blank">', 1)
        response = HttpResponse(html)
        response["Content-Security-Policy"] = PREVIEW_POLICY
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    def test_view(self, request, digest_id: int):
        digest = self._digest(request, digest_id, change=True)
        recipient = self._chosen(request, builder.recipients())
        if recipient is None:
            raise Http404
        if not request.user.email:
            messages.error(request, _("Your account has no e-mail address."))
        else:
            try:
                services.digest_send_test(digest=digest, person=recipient.person, to=request.user)
            except services.TRANSIENT_ERRORS as error:
                messages.error(request, _("The test could not be sent: %(error)s") % {"error": error})
            else:
                messages.success(
                    request,
                    _("A test of the digest as %(name)s will receive it was sent to %(email)s.")
                    % {"name": recipient.name, "email": request.user.email},
                )
        url = reverse("admin:digest_digest_preview", args=[digest.pk])
        return redirect(f"{url}?recipient={recipient.person.pk}")

    def send_view(self, request, digest_id: int):
        digest = self._digest(request, digest_id, change=True)
        refusal = ""
        try:
            services.parse_month(digest.label)
        except services.MonthError as error:
            refusal = str(error)
        if request.method == "POST" and not refusal:
            count = services.digest_start(digest=digest, by=request.user)
            messages.success(request, _("%(count)d e-mail(s) are on their way.") % {"count": count})
            return redirect("admin:digest_digest_progress", digest.pk)
        recipients = builder.recipients()
        data = builder.build_digest_data(month=digest.month)
        context = self._context(request, digest, _("Send the digest of %(month)s") % {"month": digest.label})
        context.update(
            refusal=refusal,
            data=data,
            recipients=recipients,
            focal_points=sum(1 for recipient in recipients if recipient.is_focal_point),
            without_address=[recipient for recipient in recipients if recipient.address_problem()],
            progress=services.digest_progress(digest=digest),
        )
        return TemplateResponse(request, "admin/digest/digest/send.html", context)

    def progress_view(self, request, digest_id: int):
        digest = self._digest(request, digest_id)
        deliveries = digest.deliveries.order_by("recipient_name", "pk")
        status = request.GET.get("status")
        if status in Status.values:
            deliveries = deliveries.filter(status=status)
        context = self._context(request, digest, _("Sending of the digest of %(month)s") % {"month": digest.label})
        context.update(
            progress=services.digest_progress(digest=digest),
            deliveries=deliveries,
            status_filter=status if status in Status.values else "",
            statuses=Status.choices,
        )
        return TemplateResponse(request, "admin/digest/digest/progress.html", context)

    def retry_view(self, request, digest_id: int):
        digest = self._digest(request, digest_id, change=True)
        count = services.deliveries_retry(digest=digest, by=request.user)
        messages.success(request, _("%(count)d failed e-mail(s) will be sent again.") % {"count": count})
        return redirect("admin:digest_digest_progress", digest.pk)


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ("recipient_name", "digest", "role", "email", "language", "status", "attempts", "sent_at", "error")
    list_filter = ("digest", "status", "role", "language")
    list_select_related = ("digest",)
    search_fields = ("recipient_name", "email")
    readonly_fields = [field.name for field in DigestDelivery._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Rows are the record of what was sent: only the sending changes them (the "retry" action goes through it).
        return False

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["view"])
    def retry(self, request, queryset):
        if not request.user.has_perm("digest.change_digest"):
            raise PermissionDenied
        count = 0
        for digest in Digest.objects.filter(pk__in=queryset.values("digest_id")):
            ids = list(queryset.filter(digest=digest).values_list("pk", flat=True))
            count += services.deliveries_retry(digest=digest, by=request.user, delivery_ids=ids)
        self.message_user(request, _("%(count)d failed e-mail(s) will be sent again.") % {"count": count})


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("person", "member", "subscribed", "unsubscribed_by_link", "changed_at")
    list_filter = ("subscribed", "unsubscribed_by_link")
    list_select_related = ("person__member",)
    search_fields = ("person__full_name", "person__email")
    autocomplete_fields = ("person",)

    @admin.display(description=_("member"), ordering="person__member__name")
    def member(self, obj):
        return obj.person.member
