"""A focal point writes their page and news in French and, if they wish, in English (issue 21)."""

import pytest

from members.models import Member, NewsItem
from tests.factories import FocalPointFactory, MemberFactory, PersonFactory, UserFactory
from tests.members.test_edit import edit_data
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def hue_client(client):
    hue = MemberFactory(name="Hué", slug="hue", description="Ancienne capitale impériale.")
    FocalPointFactory(member=hue, person=PersonFactory(member=hue, user=UserFactory()))
    client.force_login(hue.focal_points.get().person.user)
    client.cookies["django_language"] = "en"
    return client


def test_the_page_form_offers_the_english_beside_the_french(hue_client):
    form = page_text(hue_client.get("/members/hue/edit/"))
    assert "Public description (French)" in form and "Public description in English" in form
    # The form read in English still shows the French in the French field.
    assert "Ancienne capitale impériale." in form
    hue = Member.objects.get(slug="hue")
    response = hue_client.post(
        "/members/hue/edit/", edit_data(hue, description_en="Former imperial capital.", description=hue.description_fr)
    )
    assert response.status_code == 302
    hue.refresh_from_db()
    assert (hue.description_fr, hue.description_en) == ("Ancienne capitale impériale.", "Former imperial capital.")
    assert "Former imperial capital." in page_text(hue_client.get("/members/hue/"))
    # Leaving the English empty is fine: the French is shown, marked.
    hue_client.post("/members/hue/edit/", edit_data(hue, description="Cité impériale.", description_en=""))
    hue.refresh_from_db()
    assert hue.description_fr == "Cité impériale." and not hue.description_en
    assert '<div lang="fr"><p>Cité impériale.</p>' in hue_client.get("/members/hue/").content.decode()


def test_news_in_both_languages_and_an_english_title_too_long(hue_client):
    hue = Member.objects.get(slug="hue")
    data = {"member": hue.pk, "title": "Hué rénove la citadelle", "text": "Les travaux commencent en juin."}
    response = hue_client.post("/news/new/", {**data, "title_en": "T" * 201})
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters (it has 201)." in page_text(response)
    assert not NewsItem.objects.exists()
    hue_client.post("/news/new/", {**data, "title_en": "Hue restores the citadel", "text_en": ""})
    item = NewsItem.objects.get()
    assert (item.title_fr, item.title_en, item.text_fr) == (
        "Hué rénove la citadelle",
        "Hue restores the citadel",
        "Les travaux commencent en juin.",
    )


def test_html_in_an_english_description_is_shown_as_text(hue_client):
    Member.objects.filter(slug="hue").update(description_en='<img src=x onerror="alert(1)">')
    body = hue_client.get("/members/hue/").content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
    assert "<img src=x onerror" not in body
