import re

import pytest
from django.core import mail

from accounts.models import User
from tests.factories import UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_login_by_email(client, password):
    user = UserFactory(email="Nguyen@Example.org")
    response = client.post("/accounts/login/", {"login": "nguyen@example.org", "password": password}, follow=True)
    assert response.status_code == 200
    assert response.context["user"] == user
    assert "Se déconnecter" in response.content.decode()


def test_wrong_password_answers_with_a_clear_message_in_the_layout(client):
    UserFactory(email="hue@example.org")
    response = client.post("/accounts/login/", {"login": "hue@example.org", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "sont incorrects" in page_text(response)  # allauth's French message
    assert 'value="hue@example.org"' in page  # what was typed is kept
    assert "RVASE" in page


def test_disabled_account_gets_a_clear_page(client, password):
    UserFactory(email="old@example.org", is_active=False)
    response = client.post("/accounts/login/", {"login": "old@example.org", "password": password}, follow=True)
    assert response.redirect_chain == [("/accounts/inactive/", 302)]
    assert not response.context["user"].is_authenticated
    text = page_text(response)
    assert "désactivé par la coordination" in text
    assert "Réseau des Villes d'Asie du Sud-Est" in text  # in the site's layout


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    UserFactory(email="known@example.org")
    known = client.post("/accounts/password/reset/", {"email": "known@example.org"}, follow=True)
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert known.templates[0].name == unknown.templates[0].name
    # Both addresses receive a mail; only the known one holds a reset link.
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_password_reset_by_email_lets_the_person_log_in_with_the_new_password(client):
    UserFactory(email="reset@example.org")
    client.post("/accounts/password/reset/", {"email": "reset@example.org"})
    link = re.search(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    response = client.post(
        form_url, {"password1": "a new long passphrase 2026", "password2": "a new long passphrase 2026"}
    )
    assert response.status_code == 302
    assert client.login(email="reset@example.org", password="a new long passphrase 2026")


def test_there_is_no_open_sign_up(client):
    response = client.get("/accounts/signup/")
    assert "inscription" in response.content.decode().lower()
    client.post("/accounts/signup/", {"email": "intruder@example.org", "password1": "x" * 20, "password2": "x" * 20})
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_login_is_rate_limited_with_the_real_cache(client, password):
    UserFactory(email="target@example.org")
    for n in range(6):
        client.post("/accounts/login/", {"login": "target@example.org", "password": f"guess-{n}"})
    # Past the limit, even the right password is refused, with a message that says why.
    response = client.post("/accounts/login/", {"login": "target@example.org", "password": password})
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in page_text(response)


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_admin_login_is_rate_limited_too(client):
    UserFactory(email="admin-target@example.org", is_staff=True)
    client.get("/admin/login/")
    statuses = [
        client.post("/admin/login/", {"username": "admin-target@example.org", "password": f"guess-{n}"}).status_code
        for n in range(3)
    ]
    # The admin's own form is never processed: every attempt is sent to allauth's rate-limited page.
    assert all(status == 302 for status in statuses)
    assert not client.session.get("_auth_user_id")


def test_logout(client, password):
    UserFactory(email="bye@example.org")
    client.login(email="bye@example.org", password=password)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
