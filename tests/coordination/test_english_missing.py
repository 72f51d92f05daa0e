"""The coordinator sees how many items lack their English text, and which (issue 21)."""

import pytest

from actionplan.models import Theme
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_the_items_without_english_and_lists_them(coordinator_client, english, rvase_2023):
    # The whole 2023 record has its English.
    assert "0 items without their English text" in page_text(coordinator_client.get("/admin/"))
    theme = Theme.objects.create(slug="culture", kind="transversal", name_fr="Culture et patrimoine")
    text = page_text(coordinator_client.get("/admin/"))
    assert "1 item without its English text" in text
    listing = coordinator_client.get("/admin/english-missing/")
    assert "Culture et patrimoine" in page_text(listing)
    assert f'href="/admin/actionplan/theme/{theme.pk}/change/"' in listing.content.decode()


def test_only_the_coordination_sees_the_list(client, member_person):
    client.force_login(member_person.user)
    assert client.get("/admin/english-missing/").status_code in (302, 403)
