"""The 2023 record holds no dues: nobody is "late", nobody is left out (issue 15, "Nothing invented")."""

import pytest
from django.utils import timezone

from consultations.services import default_eligible_members
from events.models import Event
from members.models import DuesRecord, Member
from members.selectors import member_is_in_good_standing
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_with_nothing_recorded_every_member_is_not_recorded_and_takes_part(demo_site, client):
    year = timezone.localdate().year
    assert not DuesRecord.objects.exists()
    members = list(Member.objects.all())
    assert len(members) == 12
    assert all(member_is_in_good_standing(member=member, year=year) for member in members)
    assert set(default_eligible_members(year=year)) == set(members)
    # Registration for the 2024 meeting is judged on 2024's dues, not recorded either.
    meeting_2024 = Event.objects.get(slug="reunion-annuelle-2024")
    assert all(member_is_in_good_standing(member=member, year=meeting_2024.year) for member in members)

    client.login(email="hue@rvase.example", password="demo-hue")
    page = page_text(client.get("/members/hue/"))
    assert f"Cotisation {year} non renseignée" in page
    assert "pas à jour" not in page.lower() and "impayé" not in page.lower()


def test_visitors_never_see_the_demo_focal_points_confirmation_date(demo_site, client):
    page = page_text(client.get("/members/hue/"))
    assert "Confirmé le" not in page and "confirmé le" not in page
    assert "Cotisation" not in page
