"""News for the monthly watch: focal points post for their own member, the coordinator edits and publishes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from members.models import NewsItem
from tests.factories import (
    CoordinatorFactory,
    FocalPointFactory,
    MemberFactory,
    NewsItemFactory,
    PersonFactory,
    UserFactory,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 122)).save(buffer, format="PNG")
    return buffer.getvalue()


def login(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def roles(db):
    hue = MemberFactory(name="Hué", slug="hue")
    vientiane = MemberFactory(name="Vientiane", slug="vientiane")
    focal_point = FocalPointFactory(member=hue, person=PersonFactory(member=hue, user=UserFactory())).person.user
    other = FocalPointFactory(member=vientiane, person=PersonFactory(member=vientiane, user=UserFactory())).person.user
    return {
        "hue": hue,
        "vientiane": vientiane,
        "focal_point": login(focal_point),
        "focal_point_user": focal_point,
        "other_focal_point": login(other),
        "member": login(PersonFactory(member=hue, user=UserFactory()).user),
        "coordinator": login(CoordinatorFactory()),
        "visitor": Client(),
    }


def post_news(client, member, **extra):
    data = {"member": member.pk, "title": "Hué rénove la citadelle", "text": "Les travaux commencent en juin.", **extra}
    return client.post("/news/new/", data)


def test_a_focal_point_submits_news_the_coordinator_publishes_it(roles):
    hue = roles["hue"]
    response = post_news(roles["focal_point"], hue, submit="1", link="hue.gov.vn/citadelle")
    item = NewsItem.objects.get()
    assert response["Location"] == f"/news/{item.pk}/"
    assert item.status == NewsItem.Status.SUBMITTED and item.author == roles["focal_point_user"]
    assert item.link == "https://hue.gov.vn/citadelle"
    # Not public yet: a visitor, a member's person and another focal point get nothing.
    for role in ("visitor", "member", "other_focal_point"):
        assert roles[role].get(f"/news/{item.pk}/").status_code == 404
    assert "Hué rénove la citadelle" not in page_text(roles["visitor"].get("/news/"))
    assert "Hué rénove la citadelle" in page_text(roles["coordinator"].get("/news/"))  # in the queue
    roles["coordinator"].post(f"/news/{item.pk}/publish/")
    item.refresh_from_db()
    assert item.is_published and item.published_at and item.published_by is not None
    assert "Hué rénove la citadelle" in page_text(roles["visitor"].get("/news/"))
    assert "Les travaux commencent en juin." in page_text(roles["visitor"].get(f"/news/{item.pk}/"))
    member_page = page_text(roles["visitor"].get("/members/hue/"))
    assert "News" in member_page or "Actualités" in member_page
    assert "Hué rénove la citadelle" in member_page


def test_a_draft_stays_with_its_author(roles):
    post_news(roles["focal_point"], roles["hue"], save="1")
    item = NewsItem.objects.get()
    assert item.status == NewsItem.Status.DRAFT
    assert "Hué rénove la citadelle" in page_text(roles["focal_point"].get("/news/"))
    assert "Hué rénove la citadelle" not in page_text(roles["coordinator"].get("/news/"))  # not submitted yet
    assert roles["focal_point"].get(f"/news/{item.pk}/").status_code == 200


def test_posting_for_another_member_is_forbidden(roles):
    assert post_news(roles["focal_point"], roles["vientiane"], submit="1").status_code == 403
    assert roles["focal_point"].get("/news/new/?member=vientiane").status_code == 403
    assert roles["member"].get("/news/new/").status_code == 403  # not a focal point
    assert not NewsItem.objects.exists()
    theirs = NewsItemFactory(member=roles["vientiane"], status=NewsItem.Status.SUBMITTED, published_at=None)
    assert roles["focal_point"].get(f"/news/{theirs.pk}/edit/").status_code == 403
    assert roles["focal_point"].post(f"/news/{theirs.pk}/edit/", {"title": "x", "text": "y"}).status_code == 403
    assert roles["focal_point"].post(f"/news/{theirs.pk}/publish/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.title != "x" and not theirs.is_published


def test_a_visitor_is_sent_to_the_login_page(roles):
    response = roles["visitor"].get("/news/new/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_once_published_only_the_coordinator_edits(roles):
    item = NewsItemFactory(member=roles["hue"], title="Publiée")
    assert roles["focal_point"].get(f"/news/{item.pk}/edit/").status_code == 403
    response = roles["coordinator"].post(
        f"/news/{item.pk}/edit/", {"title": "Publiée et corrigée", "text": "Texte relu.", "publish": "1"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Publiée et corrigée" and item.is_published


def test_an_image_is_checked_by_its_content(roles):
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = post_news(roles["focal_point"], roles["hue"], submit="1", image=fake)
    assert response.status_code == 200
    assert "image" in page_text(response).lower()
    assert not NewsItem.objects.exists()
    real = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    post_news(roles["focal_point"], roles["hue"], submit="1", image=real)
    item = NewsItem.objects.get()
    assert item.image_content_type == "image/png"
    assert roles["visitor"].get(f"/news/{item.pk}/image/").status_code == 404  # not published yet
    image = roles["focal_point"].get(f"/news/{item.pk}/image/")
    assert image["Content-Type"] == "image/png" and image["X-Content-Type-Options"] == "nosniff"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_a_too_large_image_is_refused(roles, settings):
    settings.MEMBER_LOGO_MAX_BYTES = 100
    upload = SimpleUploadedFile("photo.png", png_bytes(size=(200, 200)), content_type="image/png")
    response = post_news(roles["focal_point"], roles["hue"], submit="1", image=upload)
    assert "too large" in page_text(response)
    assert not NewsItem.objects.exists()


def test_the_coordinator_publishes_in_the_admin(roles):
    item = NewsItemFactory(member=roles["hue"], status=NewsItem.Status.SUBMITTED, published_at=None)
    roles["coordinator"].post("/admin/members/newsitem/", {"action": "publish", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.is_published and item.published_by is not None
    response = roles["coordinator"].post(
        f"/admin/members/newsitem/{item.pk}/change/",
        {"member": roles["hue"].pk, "title_fr": item.title, "text_fr": item.text, "link": "", "status": "draft"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "draft" and item.published_at is None
    roles["coordinator"].post(
        f"/admin/members/newsitem/{item.pk}/change/",
        {"member": roles["hue"].pk, "title_fr": item.title, "text_fr": item.text, "link": "", "status": "published"},
    )
    item.refresh_from_db()
    assert item.is_published and item.published_at is not None


def test_the_news_page_does_not_grow_in_queries(roles, django_assert_max_num_queries):
    for _ in range(3):
        NewsItemFactory(member=roles["hue"])
    with django_assert_max_num_queries(12):
        roles["visitor"].get("/news/")
    for _ in range(15):
        NewsItemFactory(member=roles["vientiane"])
    with django_assert_max_num_queries(12):
        response = roles["visitor"].get("/news/")
    assert response.status_code == 200


def test_the_news_link_is_in_the_navigation(roles):
    assert 'href="/news/"' in roles["visitor"].get("/").content.decode()


def test_the_form_for_a_focal_point_and_for_the_coordinator(roles):
    page = page_text(roles["focal_point"].get("/news/new/"))
    assert "For Hué." in page  # one member: nothing to choose
    response = roles["coordinator"].get("/news/new/?member=vientiane")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<select name="member"' in body and f'<option value="{roles["vientiane"].pk}" selected>' in body
    item = NewsItemFactory(member=roles["hue"], status=NewsItem.Status.DRAFT, published_at=None)
    assert "Send to the coordination" in page_text(roles["focal_point"].get(f"/news/{item.pk}/edit/"))
