"""Members' logos and news images are public: stored without their metadata, checked the same in the admin.

Each file is built here with what a phone puts in a photo: EXIF with the GPS position, a comment, XMP, PNG text.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, PngImagePlugin

from members.models import Member, NewsItem
from tests.events.conftest import admin_form_data
from tests.factories import FocalPointFactory, MemberFactory, PersonFactory, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

PHNOM_PENH_GPS = {1: "N", 2: (11.0, 33.0, 24.0), 3: "E", 4: (104.0, 55.0, 12.0)}
SECRETS = [b"Lat 11.5567", b"iPhone de Lan", b"<x:xmpmeta", b"Rue 240, maison 12"]


def exif_with_gps(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x0110] = "iPhone de Lan"  # model
    exif[0x010E] = "Lat 11.5567"  # image description
    exif[0x8825] = PHNOM_PENH_GPS
    return exif.tobytes()


def photo(image_format: str = "JPEG", size=(60, 40), orientation: int = 1) -> bytes:
    """A photo as a phone writes it: the picture, and where, with what and by whom."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, size[0] // 2, size[1]))  # left half blue: shows which way is up
    buffer = io.BytesIO()
    if image_format == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "Rue 240, maison 12")
        image.save(buffer, "PNG", pnginfo=info, exif=exif_with_gps(orientation))
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", exif=exif_with_gps(orientation), xmp=b"<x:xmpmeta>Rue 240, maison 12</x:xmpmeta>")
    else:
        image.save(
            buffer,
            "JPEG",
            exif=exif_with_gps(orientation),
            comment=b"Rue 240, maison 12",
            xmp=b"<x:xmpmeta>Rue 240, maison 12</x:xmpmeta>",
        )
    data = buffer.getvalue()
    assert all(secret in data for secret in SECRETS if not (image_format != "JPEG" and secret == b"<x:xmpmeta"))
    return data


def served(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def assert_clean(data: bytes, image_format: str) -> Image.Image:
    for secret in SECRETS:
        assert secret not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == image_format
    assert not image.getexif()
    assert not {"exif", "xmp", "comment", "Comment"} & set(image.info)
    return image


@pytest.fixture
def hue(db):
    return MemberFactory(name="Hué", slug="hue")


@pytest.fixture
def focal_point_client(hue):
    focal_point = FocalPointFactory(member=hue, person=PersonFactory(member=hue, user=UserFactory()))
    client = Client()
    client.force_login(focal_point.person.user)
    return client


def edit_data(member: Member, **overrides) -> dict:
    return {
        "member": member.slug,
        "description": "Ancienne capitale impériale.",
        "officials-TOTAL_FORMS": "0",
        "officials-INITIAL_FORMS": "0",
        "officials-MIN_NUM_FORMS": "0",
        "officials-MAX_NUM_FORMS": "30",
        **overrides,
    }


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_logo_from_the_site_is_stored_without_its_metadata(focal_point_client, hue, image_format):
    upload = SimpleUploadedFile(f"logo.{image_format.lower()}", photo(image_format), content_type="image/jpeg")
    response = focal_point_client.post("/members/hue/edit/", edit_data(hue, logo=upload))
    assert response.status_code == 302
    image = assert_clean(served(Client(), "/members/hue/logo/"), image_format)
    assert image.size == (60, 40)


def test_a_turned_photo_is_stored_upright(focal_point_client, hue):
    # EXIF orientation 6: the camera was turned; the viewer must rotate it. Without EXIF, the pixels must be turned.
    upload = SimpleUploadedFile("logo.jpg", photo(orientation=6), content_type="image/jpeg")
    focal_point_client.post("/members/hue/edit/", edit_data(hue, logo=upload))
    image = assert_clean(served(Client(), "/members/hue/logo/"), "JPEG").convert("RGB")
    assert image.size == (40, 60)
    red, green, blue = image.getpixel((20, 5))
    assert blue > 150 and red < 100  # the blue half is now on top


def test_a_news_image_is_stored_without_its_metadata(focal_point_client, hue):
    upload = SimpleUploadedFile("photo.jpg", photo(), content_type="image/jpeg")
    response = focal_point_client.post(
        "/news/new/", {"member": hue.pk, "title": "Marché de nuit", "text": "Ouvert.", "image": upload}
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.image_content_type == "image/jpeg"
    assert_clean(served(focal_point_client, f"/news/{item.pk}/image/"), "JPEG")


@pytest.fixture
def admin_member_form(coordinator_client, hue):
    url = f"/admin/members/member/{hue.pk}/change/"
    return url, admin_form_data(coordinator_client.get(url))


def test_a_logo_from_the_admin_is_stored_without_its_metadata(coordinator_client, hue, admin_member_form):
    url, data = admin_member_form
    data["logo"] = SimpleUploadedFile("logo.jpg", photo(), content_type="image/jpeg")
    assert coordinator_client.post(url, data).status_code == 302
    hue.refresh_from_db()
    assert hue.logo_content_type == "image/jpeg"
    assert_clean(served(Client(), "/members/hue/logo/"), "JPEG")


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(buffer, "GIF")
    return buffer.getvalue()


def test_the_admin_refuses_a_gif_named_png(coordinator_client, hue, admin_member_form):
    url, data = admin_member_form
    data["logo"] = SimpleUploadedFile("logo.png", gif_bytes(), content_type="image/png")
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Envoyez une image PNG, JPEG ou WebP." in page_text(response)
    hue.refresh_from_db()
    assert not hue.logo and hue.logo_content_type == ""


def test_the_admin_refuses_a_logo_over_the_limit(coordinator_client, hue, admin_member_form, settings):
    settings.MEMBER_LOGO_MAX_BYTES = 2 * 1024 * 1024
    url, data = admin_member_form
    big = photo(size=(60, 40)) + bytes(int(3.5 * 1024 * 1024))  # a real JPEG, padded to 3.5 MB
    data["logo"] = SimpleUploadedFile("logo.jpg", big, content_type="image/jpeg")
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "L'image est trop volumineuse (3,5 Mio) ; la limite est de 2,0 Mio." in page_text(response)
    hue.refresh_from_db()
    assert not hue.logo


def test_a_news_image_from_the_admin_is_stored_without_its_metadata(coordinator_client, hue):
    item = NewsItem.objects.create(member=hue, title="Fête des eaux", text="Texte")
    url = f"/admin/members/newsitem/{item.pk}/change/"
    data = admin_form_data(coordinator_client.get(url))
    data["image"] = SimpleUploadedFile("photo.webp", photo("WEBP"), content_type="image/webp")
    assert coordinator_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.image_content_type == "image/webp"
    assert_clean(served(coordinator_client, f"/news/{item.pk}/image/"), "WEBP")
