"""The printable action plan of a year (A4 landscape): every action with the deck's four columns, by axis.

Rendered through common.pdf.render_pdf and kept in the cache under the fingerprint of its HTML: a reader's
repeated downloads, and everyone's downloads of an unchanged plan, never render again.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.pdf import render_pdf

from .models import Action, ActionPlan, Axis

PDF_SECONDS = 24 * 3600


def plan_pdf_html(*, plan: ActionPlan, language: str, produced_on=None) -> str:
    axes = (
        Axis.objects.filter(plan=plan)
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("number")))
        .order_by("number")
    )
    with translation.override(language):
        return render_to_string(
            "actionplan/pdf/plan.html",
            {
                "plan": plan,
                "axes": list(axes),
                "site_url": settings.SITE_URL.rstrip("/"),
                "language": language,
                "produced_on": produced_on,
            },
        )


def plan_pdf(*, plan: ActionPlan, language: str) -> bytes:
    """The plan's PDF in a language: from the cache while the plan shows the same, else rendered now."""
    fingerprint = hashlib.sha256(plan_pdf_html(plan=plan, language=language).encode()).hexdigest()
    key = f"actionplan:plan-pdf:{plan.pk}:{language}:{fingerprint}"
    pdf = cache.get(key)
    if pdf is None:
        with translation.override(language):
            produced_on = timezone.localdate()
        pdf = render_pdf(html=plan_pdf_html(plan=plan, language=language, produced_on=produced_on))
        cache.set(key, pdf, timeout=PDF_SECONDS)
    return pdf
