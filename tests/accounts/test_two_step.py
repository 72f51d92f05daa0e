"""Two-step sign-in (allauth.mfa) required of the coordination and staff (accounts.middleware).

The test settings leave MFA_REQUIRED_FOR_COORDINATION off, as `make run` does, so the rest of the suite logs the
coordinator in with force_login; these tests turn it on. The browser journey is in tests/accounts/test_journeys.py.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value
from django.core import mail

from accounts.middleware import TWO_STEP_SESSION_KEY
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def totp(secret: str, *, step: int = 0) -> str:
    return f"{hotp_value(secret, int(time.time()) // 30 + step):06d}"


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_COORDINATION = True


# allauth announces a new authenticator (the e-mail, the session's "second factor given") once its transaction
# commits: the tests that set one up commit for real.
committing = pytest.mark.django_db(transaction=True)


def enrol(client) -> str:
    """Set up an authenticator app the way a person does: confirm the password, type a code. The secret."""
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302 and "/reauthenticate/" in response["Location"]:
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page_text(response)  # shown to type into the app by hand, beside the image to scan
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp(secret)})
    assert response.status_code == 302, page_text(response)
    return secret


def test_the_coordinator_cannot_open_the_admin_before_setting_it_up(required, client, coordinator):
    client.force_login(coordinator)
    response = client.get("/admin/members/member/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Fadmin%2Fmembers%2Fmember%2F"
    # Nor the site, where the coordination sees everyone's contacts.
    assert client.get("/members/").status_code == 302
    text = page_text(client.get("/admin/", follow=True))
    assert "configurez la connexion en deux étapes" in text


@committing
def test_once_set_up_the_admin_opens(required, client, coordinator):
    client.force_login(coordinator)
    enrol(client)
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200
    # Recovery codes were made at the same time, and the address was told.
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert any(message.to == [coordinator.email] for message in mail.outbox)


def test_staff_outside_the_coordination_are_held_to_it_too(required, client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302


def test_members_and_focal_points_are_never_forced(required, focal_point_client, member_person, client):
    assert focal_point_client.get("/members/").status_code == 200
    client.force_login(member_person.user)
    assert client.get("/members/").status_code == 200


@committing
def test_a_session_that_never_gave_a_code_is_asked_for_one(required, client, coordinator):
    client.force_login(coordinator)
    secret = enrol(client)
    # Another session of the same account (opened before, or a stolen cookie): it never gave a second factor.
    other = type(client)()
    other.force_login(coordinator)
    response = other.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"
    other.post("/accounts/2fa/reauthenticate/?next=/admin/", {"code": totp(secret, step=1)})
    assert other.session[TWO_STEP_SESSION_KEY] is True
    assert other.get("/admin/").status_code == 200


@committing
def test_logging_in_with_the_password_then_a_code(required, client, coordinator):
    client.force_login(coordinator)
    secret = enrol(client)
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not logged in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": totp(secret, step=1)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@committing
def test_a_wrong_code_is_refused(required, client, coordinator):
    client.force_login(coordinator)
    enrol(client)
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "Code incorrect" in page_text(response)
    assert "_auth_user_id" not in client.session


def test_without_the_setting_the_coordinator_logs_in_with_the_password_alone(client, settings):
    settings.MFA_REQUIRED_FOR_COORDINATION = False
    coordinator = CoordinatorFactory(email="coordination@rvase.example")
    response = client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
