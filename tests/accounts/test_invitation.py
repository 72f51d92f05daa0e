import re

import pytest
from django.core import mail

from accounts.models import User
from tests.mail_headers import assert_automatic, parsed

pytestmark = pytest.mark.django_db


def test_coordinator_creates_an_account_and_the_person_sets_a_password(client, coordinator_client):
    response = coordinator_client.post(
        "/admin/accounts/user/add/",
        {"email": "Point.Focal@Hue.example", "first_name": "Lan", "last_name": "Nguyễn", "preferred_language": "fr"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="point.focal@hue.example")
    assert not user.has_usable_password()

    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["point.focal@hue.example"]
    assert "compte" in invitation.subject
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", invitation.body).group(0)
    assert invitation.alternatives and link in invitation.alternatives[0][0]
    # An automatic message, not a mailing: no List-Unsubscribe.
    received = parsed(invitation)
    assert_automatic(received, language="fr")
    assert received["List-Unsubscribe"] is None and received["List-Unsubscribe-Post"] is None

    coordinator_client.logout()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "Mékông au printemps 2026", "password2": "Mékông au printemps 2026"})
    assert response.status_code == 302
    assert client.login(email="point.focal@hue.example", password="Mékông au printemps 2026")

    # The link works once.
    client.logout()
    response = client.get(path, follow=True)
    assert "password1" not in response.content.decode()


def test_only_the_coordination_reaches_the_user_admin(client, member_client):
    assert member_client.get("/admin/accounts/user/add/").status_code in (302, 403)


def test_allauths_own_e_mails_are_automatic_too(client, db):
    from tests.factories import UserFactory

    UserFactory(email="lan@hue.example")
    client.cookies["django_language"] = "en"
    response = client.post("/accounts/password/reset/", {"email": "lan@hue.example"})
    assert response.status_code == 302
    (message,) = mail.outbox
    received = parsed(message)
    assert_automatic(received, language="en")
    assert received["List-Unsubscribe"] is None
