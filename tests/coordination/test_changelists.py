"""Every list of the admin fits a 1366 × 900 screen in Chromium: no column pushed out of sight, no sideways scrolling.

Each list is filled with the network's 2023 data and a few rows of everything else, then measured and photographed
(var/screenshots/changelists/, for whoever wants to look).
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "changelists"
WIDTH, HEIGHT = 1366, 900


@pytest.fixture
def filled(settings):
    call_command("load_rvase_2023", verbosity=0)
    settings.DEBUG = True
    call_command("create_demo_accounts", verbosity=0)
    settings.DEBUG = False
    from accounts.models import User
    from actionplan.models import Action
    from consultations import services as consultations
    from events.models import Event
    from members.models import DuesYear, Member, NewsItem
    from tests.factories import DuesRecordFactory, NewsItemFactory, ProgressUpdateFactory, RegistrationFactory

    year = timezone.localdate().year
    DuesYear.objects.create(year=year, amount=1000, due_on=datetime.date(year, 3, 31))
    for slug, status in (("vientiane", "partial"), ("hue", "paid"), ("kampot", "unpaid"), ("asac", "exempt")):
        DuesRecordFactory(
            member=Member.objects.get(slug=slug), year=year, amount_due=None, status=status, reference=f"VIR-{slug}"
        )
    hue = Member.objects.get(slug="hue")
    NewsItemFactory(
        member=hue,
        title="Hué inaugure une station de traitement des boues de vidange",
        status="submitted",
        published_at=None,
    )
    assert NewsItem.objects.exists()
    action = Action.objects.get(plan__year=2023, number=6)
    ProgressUpdateFactory(action=action, text="Atelier tenu à Vientiane avec les points focaux " * 3)
    event = Event.objects.filter(starts_at__isnull=False).first()
    RegistrationFactory(event=event, person=User.objects.get(email="membre@rvase.example").person)
    now = timezone.now()
    consultations.consultation_open(
        by=None,
        subject="Plan d'action thématique sur les violences basées sur le genre 2023-2025",
        opened_on=now,
        deadline=now + datetime.timedelta(days=14),
    )


def changelists() -> list[str]:
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    )


def log_in(page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill("coordination@rvase.example")
    page.get_by_label("Mot de passe").fill("demo-coordination")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


MEASURE = """() => {
  const doc = document.documentElement;
  const table = document.querySelector('#result_list');
  const box = document.querySelector('#changelist .results') || document.querySelector('#changelist-form');
  return {
    page: doc.scrollWidth - doc.clientWidth,
    table: table ? Math.ceil(table.getBoundingClientRect().width) : 0,
    box: box ? box.clientWidth : 0,
    rows: document.querySelectorAll('#result_list tbody tr').length,
    headers: Array.from(document.querySelectorAll('#result_list thead th')).map(th => th.innerText.trim()),
  };
}"""


def test_no_changelist_scrolls_sideways_at_1366_px(page, filled):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    log_in(page)
    too_wide, english, checked = [], [], []
    for url in changelists():
        response = page.goto(url)
        if response.status == 403:
            continue  # not a list the coordination uses (allauth's e-mail addresses)
        assert response.status == 200, url
        checked.append(url)
        measured = page.evaluate(MEASURE)
        page.screenshot(path=str(SCREENSHOTS / (url.strip("/").replace("/", "_") + ".png")), full_page=False)
        if measured["page"] > 0 or (measured["table"] and measured["table"] > measured["box"]):
            too_wide.append((url, measured["table"], measured["box"], measured["page"]))
        english += [(url, header) for header in measured["headers"] if header in ENGLISH_HEADERS]
    assert not too_wide, too_wide
    assert not english, english
    assert {
        "/admin/actionplan/action/",
        "/admin/members/member/",
        "/admin/members/duesrecord/",
        "/admin/members/duespayment/",
        "/admin/events/event/",
        "/admin/consultations/consultation/",
        "/admin/digest/digest/",
        "/admin/accounts/user/",
    } <= set(checked)


# Column titles that would give away an untranslated label (the issue found "Short title" and "Created by").
ENGLISH_HEADERS = {
    "Short title",
    "Created by",
    "Amount",
    "Balance",
    "Paid",
    "Due",
    "Status",
    "Member",
    "Year",
    "Receipt",
    "Method",
    "Overview",
    "Answered by",
    "Days before",
    "Sent at",
}
