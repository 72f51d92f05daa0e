import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from members.models import Member, MemberRevision, Person
from tests.factories import CoordinatorFactory, FocalPointFactory, MemberFactory, PersonFactory, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 64), color=(11, 93, 122)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def edit_data(page: Member, **overrides) -> dict:
    data = {
        "member": page.slug,
        "description": page.description,
        "website": page.website,
        "email": page.email,
        "phone": page.phone,
        "address": page.address,
        "officials-TOTAL_FORMS": "1",
        "officials-INITIAL_FORMS": "0",
        "officials-MIN_NUM_FORMS": "0",
        "officials-MAX_NUM_FORMS": "30",
        "officials-0-id": "",
        "officials-0-honorific": "",
        "officials-0-full_name": "",
        "officials-0-title": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def hue(db):
    return MemberFactory(name="Hué", slug="hue", description="Ancienne capitale impériale.")


@pytest.fixture
def vientiane(db):
    return MemberFactory(name="Vientiane", slug="vientiane", description="Capitale du Laos.")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def roles(hue, vientiane):
    """The five people of the permission matrix, each with a logged-in client (visitor: anonymous)."""
    hue_focal_point = FocalPointFactory(member=hue, person=PersonFactory(member=hue, user=UserFactory()))
    vientiane_focal_point = FocalPointFactory(
        member=vientiane, person=PersonFactory(member=vientiane, user=UserFactory())
    )
    hue_member = PersonFactory(member=hue, user=UserFactory())
    return {
        "visitor": Client(),
        "member": login(hue_member.user),
        "focal_point": login(hue_focal_point.person.user),
        "other_focal_point": login(vientiane_focal_point.person.user),
        "coordinator": login(CoordinatorFactory()),
    }


@pytest.mark.parametrize(
    ("role", "view", "edit"),
    [
        ("visitor", 200, "login"),
        ("member", 200, 403),
        ("focal_point", 200, 302),
        ("other_focal_point", 200, 403),
        ("coordinator", 200, 302),
    ],
)
def test_permission_matrix(roles, hue, role, view, edit):
    client = roles[role]
    assert client.get("/members/hue/").status_code == view
    get = client.get("/members/hue/edit/")
    response = client.post("/members/hue/edit/", edit_data(hue, description="Nouvelle description."))
    hue.refresh_from_db()
    if edit == "login":
        assert get.status_code == 302 and get["Location"].startswith("/accounts/login/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert hue.description == "Ancienne capitale impériale."
    elif edit == 403:
        assert get.status_code == 403
        assert response.status_code == 403
        assert hue.description == "Ancienne capitale impériale."
    else:
        assert get.status_code == 200
        assert response.status_code == 302
        assert hue.description == "Nouvelle description."


@pytest.mark.parametrize("role", ["member", "focal_point", "other_focal_point", "coordinator"])
def test_tampered_post_naming_another_member_is_refused(roles, hue, vientiane, role):
    """A form served for one member and posted to another's address changes nothing."""
    client = roles[role]
    response = client.post("/members/vientiane/edit/", edit_data(hue, description="Piraté."))
    assert response.status_code == 403
    response = client.post("/members/hue/edit/", edit_data(vientiane, member="vientiane", description="Piraté."))
    assert response.status_code == 403
    hue.refresh_from_db()
    vientiane.refresh_from_db()
    assert "Piraté." not in (hue.description, vientiane.description)
    assert not MemberRevision.objects.exists()


def test_focal_point_cannot_take_over_an_official_of_another_member(roles, hue, vientiane):
    foreign = PersonFactory(member=vientiane, is_official=True, full_name="S.E. Gouverneur de Vientiane")
    data = edit_data(
        hue,
        **{"officials-0-id": str(foreign.pk), "officials-0-full_name": "Renommé", "officials-0-title": "Maire"},
    )
    response = roles["focal_point"].post("/members/hue/edit/", data)
    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.full_name == "S.E. Gouverneur de Vientiane" and foreign.member == vientiane


def test_focal_point_edits_description_contact_officials_and_logo(roles, hue):
    data = edit_data(
        hue,
        description="Hué, ville du patrimoine mondial.",
        email="contact@hue.example",
        website="hue.gov.vn",
        **{
            "officials-0-honorific": "Monsieur",
            "officials-0-full_name": "Trần Song",
            "officials-0-title": "Vice-Président",
        },
        logo=SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
    )
    response = roles["focal_point"].post("/members/hue/edit/", data, follow=True)
    text = page_text(response)
    assert "Hué, ville du patrimoine mondial." in text
    assert "Trần Song" in text and "Vice-Président" in text
    hue.refresh_from_db()
    assert hue.website == "https://hue.gov.vn"
    assert hue.logo_content_type == "image/png"
    logo = Client().get("/members/hue/logo/")
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
    revision = MemberRevision.objects.get(member=hue)
    assert set(revision.changes) >= {"description", "email", "website", "officials", "logo"}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png"), "image"),
        (SimpleUploadedFile("logo.gif", b"GIF89a" + b"\x00" * 40, content_type="image/gif"), "image"),
        (SimpleUploadedFile("evil.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml"), "image"),
    ],
)
def test_a_logo_that_is_not_an_image_is_refused_and_nothing_is_saved(roles, hue, upload, message):
    data = edit_data(hue, description="Ne doit pas être enregistré.", logo=upload)
    response = roles["focal_point"].post("/members/hue/edit/", data)
    assert response.status_code == 200
    text = page_text(response)
    assert message in text.lower()
    assert "pas été enregistrée" in text
    assert "Ne doit pas être enregistré." in text  # what was typed is kept in the form
    hue.refresh_from_db()
    assert hue.description == "Ancienne capitale impériale." and not hue.logo


def test_a_logo_too_large_is_refused(roles, hue, settings):
    settings.MEMBER_LOGO_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.png", png_bytes(size=(400, 400), color=(1, 2, 3)) + b"\x00" * 2000)
    response = roles["focal_point"].post("/members/hue/edit/", edit_data(hue, logo=upload))
    assert "trop volumineuse" in page_text(response)
    hue.refresh_from_db()
    assert not hue.logo


def test_an_invalid_email_is_refused_with_a_clear_message(roles, hue):
    response = roles["focal_point"].post("/members/hue/edit/", edit_data(hue, email="pas-une-adresse"))
    assert response.status_code == 200
    assert "courriel valide" in page_text(response)
    hue.refresh_from_db()
    assert hue.email == ""


def test_coordinator_sees_the_history_and_restores_a_version(roles, hue):
    focal_point = roles["focal_point"]
    focal_point.post("/members/hue/edit/", edit_data(hue, description="Version 1."))
    hue.refresh_from_db()
    focal_point.post("/members/hue/edit/", edit_data(hue, description="Version 2, erronée."))
    assert roles["focal_point"].get("/members/hue/history/").status_code == 403

    history = roles["coordinator"].get("/members/hue/history/")
    text = page_text(history)
    assert "Version 1." in text and "Version 2, erronée." in text
    first = MemberRevision.objects.filter(member=hue).order_by("created_at", "pk").first()
    assert focal_point.post(f"/members/hue/history/{first.pk}/restore/").status_code == 403
    response = roles["coordinator"].post(f"/members/hue/history/{first.pk}/restore/", follow=True)
    assert response.status_code == 200
    hue.refresh_from_db()
    assert hue.description == "Version 1."
    latest = MemberRevision.objects.filter(member=hue).first()
    assert latest.restored_from == first
    assert "Version 1." in page_text(Client().get("/members/hue/"))


def test_removing_an_official_keeps_the_person_but_not_on_the_page(roles, hue):
    official = PersonFactory(member=hue, is_official=True, full_name="Ancien Maire")
    data = edit_data(
        hue,
        **{
            "officials-TOTAL_FORMS": "1",
            "officials-INITIAL_FORMS": "1",
            "officials-0-id": str(official.pk),
            "officials-0-full_name": "Ancien Maire",
            "officials-0-delete": "on",
        },
    )
    roles["focal_point"].post("/members/hue/edit/", data)
    assert Person.objects.filter(pk=official.pk, is_official=False).exists()
    assert "Ancien Maire" not in page_text(Client().get("/members/hue/"))


def test_an_edit_in_the_admin_enters_the_history(coordinator_client, hue):
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(hue).items() if v is not None and k not in ("id", "logo")}
    data.update(
        description_fr="Modifié par la coordination.",
        **{
            f"{prefix}-{key}": value
            for prefix in ("focal_points", "dues")
            for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    )
    response = coordinator_client.post(f"/admin/members/member/{hue.pk}/change/", data)
    assert response.status_code == 302, page_text(response)[-800:]
    revision = MemberRevision.objects.get(member=hue)
    assert revision.changes["description"] == ["Ancienne capitale impériale.", "Modifié par la coordination."]
    assert revision.author.email == "coordinator@example.org"


def test_the_history_shows_field_labels_and_file_names_not_field_names_or_storage_paths(roles, hue):
    focal_point, coordinator = roles["focal_point"], roles["coordinator"]
    focal_point.post(
        "/members/hue/edit/",
        edit_data(
            hue,
            phone="+84 234 382 2000",
            logo=SimpleUploadedFile("Logo Hué 2026.png", png_bytes(), content_type="image/png"),
        ),
    )
    hue.refresh_from_db()
    assert hue.logo_name == "Logo Hué 2026.png" and hue.logo.name.startswith("members/logos/")
    focal_point.post(
        "/members/hue/edit/",
        edit_data(hue, logo=SimpleUploadedFile("armoiries.png", png_bytes(color=(1, 2, 3)), content_type="image/png")),
    )
    text = page_text(coordinator.get("/members/hue/history/"))
    assert "Téléphone de contact" in text and "Logo ou photo" in text
    assert "Logo Hué 2026.png" in text and "armoiries.png" in text
    assert "members/logos/" not in text
    for raw in ("phone", "logo", "description"):
        assert f" {raw} " not in f" {text} "
    # Restoring the first version brings its file (and its name) back.
    first = MemberRevision.objects.filter(member=hue).order_by("created_at", "pk").first()
    coordinator.post(f"/members/hue/history/{first.pk}/restore/")
    hue.refresh_from_db()
    assert hue.logo_name == "Logo Hué 2026.png"


def test_a_focal_points_confirmation_date_is_not_shown_to_visitors(roles, hue):
    text = page_text(Client().get("/members/hue/"))
    assert "Confirmé le" not in text and "Pas encore confirmé" not in text
    assert "Confirmé le 15 juin 2023" in page_text(roles["member"].get("/members/hue/"))
