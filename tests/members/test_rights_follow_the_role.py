"""Rights follow the real role.

A focal-point record acts for its member only once confirmed (by the coordinator's "confirmed on", or by the
person through the confirmation link): a record added in the admin, not yet confirmed, grants nothing. Reactivating
an account does not bring its old sessions back.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from actionplan.models import ProgressUpdate
from consultations.models import Consultation, Response
from documents.models import Document
from members.models import NewsItem
from members.services import focal_point_confirmation_url
from tests.factories import (
    ActionFactory,
    FocalPointFactory,
    MemberFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unconfirmed(db):
    member = MemberFactory(name="Can Tho", slug="can-tho")
    user = UserFactory(email="hai@cantho.example")
    return FocalPointFactory(
        member=member, person=PersonFactory(member=member, full_name="Lê Văn Hải", user=user), confirmed_on=None
    )


@pytest.fixture
def its_client(unconfirmed):
    client = Client()
    client.force_login(unconfirmed.person.user)
    return client


def attempts(client, member) -> dict[str, int]:
    """What a focal point does for its member, tried once each; the status of each answer."""
    action = ActionFactory()
    action.members.add(member)
    consultation = Consultation.objects.create(
        subject="Feuille de route 2025",
        opened_on=timezone.now() - datetime.timedelta(days=1),
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    consultation.eligible_members.add(member)
    return {
        "edit the member's page": client.get(f"/members/{member.slug}/edit/").status_code,
        "post news": client.post(
            "/news/new/", {"member": member.pk, "title": "Nouvelles", "text": "Texte", "submit": "1"}
        ).status_code,
        "propose an event": client.get("/events/propose/").status_code,
        "offer to host": client.post(
            "/events/hosting/", {"member": member.pk, "year": str(timezone.localdate().year + 1), "message": "Nous"}
        ).status_code,
        "upload a document": client.get("/documents/upload/").status_code,
        "post a progress note": client.post(
            f"/plan/{action.plan.year}/actions/{action.number}/progress/", {"text": "Avancée", "member": member.slug}
        ).status_code,
        "answer a consultation": client.post(
            f"/consultations/{consultation.pk}/", {"member": member.slug, "answer": "approve", "comment": ""}
        ).status_code,
    }


def test_an_unconfirmed_focal_point_record_grants_nothing(its_client, unconfirmed):
    statuses = attempts(its_client, unconfirmed.member)
    assert statuses == dict.fromkeys(statuses, 403), statuses
    assert not NewsItem.objects.exists()
    assert not ProgressUpdate.objects.exists()
    assert not Response.objects.exists()
    assert not Document.objects.exists()
    # The member's people still read members' pages: the record is not a reason to lock them out.
    assert its_client.get("/members/").status_code == 200


def test_once_confirmed_through_the_link_the_focal_point_acts_for_its_member(its_client, unconfirmed):
    link = focal_point_confirmation_url(focal_point=unconfirmed).split("://", 1)[1].split("/", 1)[1]
    its_client.post("/" + link)
    unconfirmed.refresh_from_db()
    assert unconfirmed.confirmed_on == timezone.localdate()
    assert its_client.get("/members/can-tho/edit/").status_code == 200
    response = its_client.post("/news/new/", {"member": unconfirmed.member.pk, "title": "Nouvelles", "text": "Texte"})
    assert response.status_code == 302
    assert NewsItem.objects.get().member == unconfirmed.member


def test_confirmed_by_the_coordinator_in_the_admin_it_acts_too(its_client, unconfirmed):
    unconfirmed.confirmed_on = datetime.date(2026, 1, 5)
    unconfirmed.save()
    assert its_client.get("/members/can-tho/edit/").status_code == 200
    assert its_client.get("/documents/upload/").status_code == 200


def test_reactivating_an_account_does_not_revive_its_old_sessions(client, member_person):
    user = member_person.user
    client.force_login(user)
    assert client.get("/consultations/").status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/consultations/").status_code == 302  # sent to log in
    user.is_active = True
    user.save()
    response = client.get("/consultations/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # A new login works as before.
    fresh = Client()
    fresh.force_login(user)
    assert fresh.get("/consultations/").status_code == 200


def test_deactivating_in_the_admin_ends_the_sessions_too(coordinator_client, member_person):
    user = member_person.user
    client = Client()
    client.force_login(user)
    url = f"/admin/accounts/user/{user.pk}/change/"
    page = coordinator_client.get(url)
    assert page.status_code == 200
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": "fr",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    assert coordinator_client.post(url, data).status_code == 302  # "active" unticked
    data["is_active"] = "on"
    assert coordinator_client.post(url, data).status_code == 302  # ticked again
    assert client.get("/consultations/").status_code == 302
