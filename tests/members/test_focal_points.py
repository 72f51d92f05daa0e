import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from members.models import FocalPoint, Member
from tests.factories import FocalPointFactory, MemberFactory, PersonFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def confirmation_link(message) -> str:
    url = re.search(r"https?://\S+/members/focal-points/confirm/\S+/", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def unconfirmed(db):
    member = MemberFactory(name="Can Tho", slug="can-tho")
    return FocalPointFactory(
        member=member,
        person=PersonFactory(member=member, full_name="Lê Văn Hải", email="hai@cantho.example"),
        confirmed_on=None,
    )


def test_coordinator_sees_members_without_a_confirmed_focal_point(coordinator_client, unconfirmed):
    confirmed = FocalPointFactory(member=MemberFactory(name="Hai Phong"))
    response = coordinator_client.get("/admin/members/member/?focal_point_confirmed=no")
    text = page_text(response)
    assert "Can Tho" in text
    assert confirmed.member.name not in text.split("Can Tho")[-1]


def test_request_e_mail_and_one_click_confirmation(coordinator_client, unconfirmed):
    response = coordinator_client.post(
        "/admin/members/member/",
        {"action": "send_focal_point_confirmation", "_selected_action": [unconfirmed.member.pk]},
        follow=True,
    )
    assert "Can Tho" in page_text(response)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hai@cantho.example"]
    assert "Can Tho" in message.subject
    link = confirmation_link(message)

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Lê Văn Hải" in page_text(page)
    unconfirmed.refresh_from_db()
    assert unconfirmed.confirmed_on is None  # opening the link (or a mail scanner) confirms nothing

    done = visitor.post(link)
    assert done.status_code == 200
    unconfirmed.refresh_from_db()
    assert unconfirmed.confirmed_on == timezone.localdate()
    assert "Merci" in page_text(done)


def test_an_expired_or_tampered_link_is_refused_clearly(client, unconfirmed, settings, coordinator_client):
    from members.services import focal_point_request_confirmation

    focal_point_request_confirmation(focal_point=unconfirmed, by=None)
    link = confirmation_link(mail.outbox[0])
    response = client.post(link[:-3] + "xx/")
    assert response.status_code == 404
    assert "pas valide" in page_text(response)

    settings.FOCAL_POINT_CONFIRMATION_DAYS = -1
    response = client.post(link)
    assert response.status_code == 410
    assert "expiré" in page_text(response)
    unconfirmed.refresh_from_db()
    assert unconfirmed.confirmed_on is None


def test_one_primary_focal_point_per_member_is_a_database_constraint(unconfirmed):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        FocalPoint.objects.create(member=unconfirmed.member, person=PersonFactory(member=unconfirmed.member))
    FocalPoint.objects.create(
        member=unconfirmed.member, person=PersonFactory(member=unconfirmed.member), is_primary=False
    )
    assert Member.objects.get(pk=unconfirmed.member.pk).focal_points.count() == 2
