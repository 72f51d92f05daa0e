"""Changing the login address cannot take over an account (accounts/forms.py, accounts/views.py).

Someone holding only a logged-in session (a borrowed computer, a stolen cookie) does not know the password: they
cannot change the address, make another one the login, nor use the password reset to take the account.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

NEW = "nouvelle.adresse@example.org"


@pytest.fixture
def person(db):
    return UserFactory(email="hue@rvase.example")


@pytest.fixture
def session(client, person):
    """A logged-in session, as a thief would hold it."""
    client.force_login(person)
    return client


def change(client, email=NEW, password=PASSWORD):
    data = {"action_add": "", "email": email}
    if password is not None:
        data["password"] = password
    return client.post("/accounts/email/", data, follow=True)


def link_in(message) -> str:
    url = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_page_shows_the_login_address_and_asks_for_the_password(session):
    text = page_text(session.get("/accounts/email/"))
    assert "Vous vous connectez avec hue@rvase.example" in text
    assert "Mot de passe actuel" in text


def test_a_session_without_the_password_cannot_change_the_address(session, person):
    response = change(session, password=None)
    assert "Ce champ est obligatoire." in page_text(response)
    response = change(session, password="not the password")
    assert "Ce n'est pas votre mot de passe actuel." in page_text(response)
    assert not EmailAddress.objects.filter(email=NEW).exists()
    assert mail.outbox == []
    person.refresh_from_db()
    assert person.email == "hue@rvase.example"


def test_wrong_passwords_typed_there_count_as_failed_logins(session):
    for n in range(5):
        change(session, password=f"guess-{n}")
    # Past the limit, even the right password is refused there…
    assert "Trop de tentatives" in page_text(change(session))
    assert not EmailAddress.objects.filter(email=NEW).exists()


def test_the_change_takes_effect_only_through_the_link_and_the_old_address_is_told_each_time(session, person):
    response = change(session)
    assert "Changement vers nouvelle.adresse@example.org demandé" in page_text(response)
    person.refresh_from_db()
    assert person.email == "hue@rvase.example"  # nothing changed yet

    notice, confirmation = sorted(mail.outbox, key=lambda message: message.to)
    # The address in use is told at once, with the time and how to report it.
    assert notice.to == ["hue@rvase.example"]
    assert "nouvelle.adresse@example.org" in notice.body
    assert re.search(r"Quand : \d{1,2} \w+ 20\d\d, \d\d:\d\d \(heure de Phnom Penh\)", notice.body)
    assert "coordination@rvase.example" in notice.body
    assert "/accounts/password/reset/" in notice.body
    # The new address receives the link.
    assert confirmation.to == [NEW]

    mail.outbox.clear()
    session.post(link_in(confirmation))
    person.refresh_from_db()
    assert person.email == NEW
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified", "primary")) == [
        (NEW, True, True)
    ]
    (done,) = mail.outbox
    assert done.to == ["hue@rvase.example"]
    assert "hue@rvase.example" in done.body and NEW in done.body
    assert "Quand :" in done.body and "coordination@rvase.example" in done.body


def test_an_address_is_never_made_the_login_by_hand(session, person):
    change(session)
    response = session.post("/accounts/email/", {"action_primary": "", "email": NEW}, follow=True)
    assert "Une adresse devient votre identifiant une fois le lien qui lui a été envoyé ouvert." in page_text(response)
    person.refresh_from_db()
    assert person.email == "hue@rvase.example"


def test_another_accounts_address_is_refused_with_a_clear_message(session, person):
    UserFactory(email="vientiane@rvase.example")
    response = change(session, email="Vientiane@RVASE.example")
    assert response.status_code == 200
    assert "Cette adresse est déjà l'identifiant d'un autre compte du portail." in page_text(response)
    assert not EmailAddress.objects.filter(user=person, email="vientiane@rvase.example").exists()
    assert mail.outbox == []


def test_an_address_taken_by_another_account_before_the_link_is_opened_is_refused_cleanly(session, person):
    change(session)
    confirmation = next(message for message in mail.outbox if message.to == [NEW])
    UserFactory(email=NEW)  # the coordinator gave it to someone else meanwhile
    response = session.post(link_in(confirmation), follow=True)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.email == "hue@rvase.example"
    assert User.objects.filter(email=NEW).count() == 1


def test_a_formula_leading_address_is_refused(session):
    response = change(session, email="=1+cmd|'/Ccalc'!A0@vte.example")
    assert "Une adresse e-mail ne peut pas commencer par =." in page_text(response)
    assert mail.outbox == []


def test_changing_the_password_notifies_the_address(session, person):
    response = session.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "une autre phrase de passe 2026",
            "password2": "une autre phrase de passe 2026",
        },
    )
    assert response.status_code == 302
    (notice,) = mail.outbox
    assert notice.to == ["hue@rvase.example"]
    assert "Votre mot de passe a été modifié." in notice.body
    assert "Quand :" in notice.body and "/accounts/password/reset/" in notice.body


def test_the_coordinator_changing_an_address_in_the_admin_tells_the_old_one(coordinator_client, person):
    url = f"/admin/accounts/user/{person.pk}/change/"
    response = coordinator_client.get(url)
    assert response.status_code == 200
    data = {
        "email": "hue.nouveau@rvase.example",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "preferred_language": "fr",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
    }
    assert coordinator_client.post(url, data).status_code == 302
    (notice,) = mail.outbox
    assert notice.to == ["hue@rvase.example"]
    assert "hue.nouveau@rvase.example" in notice.body
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified", "primary")) == [
        ("hue.nouveau@rvase.example", True, True)
    ]
