"""Who may do what on the events pages: every role against every page (DESIGN.md, "People and what they may do")."""

import pytest
from django.test import Client

from events.models import Event, Registration
from members.models import DuesRecord
from tests.events.conftest import other_focal_point_of_another_member
from tests.factories import (
    FUTURE_YEAR,
    CoordinatorFactory,
    DuesRecordFactory,
    EventFactory,
    FocalPointFactory,
    HostingCandidatureFactory,
    MemberFactory,
    NamedPersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "outsider", "member", "focal_point", "other_focal_point", "coordinator"]
LOGIN = "login"

# url template, method, expected answer per role (in ROLES' order). LOGIN: a redirect to the login page.
MATRIX = [
    ("/events/", "get", [200, 200, 200, 200, 200, 200]),
    ("/events/{public}/", "get", [200, 200, 200, 200, 200, 200]),
    ("/events/{members_only}/", "get", [404, 404, 200, 200, 200, 200]),
    ("/events/{members_only}/event.ics", "get", [404, 404, 200, 200, 200, 200]),
    ("/events/{proposal}/", "get", [404, 404, 200, 200, 404, 200]),
    ("/events/calendar.ics", "get", [200, 200, 200, 200, 200, 200]),
    ("/events/calendar/", "get", [200, 200, 200, 200, 200, 200]),
    ("/events/calendar/address/", "post", [LOGIN, 302, 302, 302, 302, 302]),
    ("/events/calendar/address/revoke/", "post", [LOGIN, 302, 302, 302, 302, 302]),
    ("/events/calendar/not-a-token.ics", "get", [404, 404, 404, 404, 404, 404]),
    ("/events/{public}/register/", "get", [LOGIN, 403, 200, 200, 200, 200]),
    ("/events/{public}/register/?as=member_person", "post", [LOGIN, 403, 302, 302, 403, 302]),
    ("/events/{public}/registrations/{registration}/cancel/", "post", [LOGIN, 403, 302, 302, 403, 302]),
    ("/events/propose/", "get", [LOGIN, 403, 403, 200, 200, 200]),
    ("/events/proposals/", "get", [LOGIN, 403, 200, 200, 200, 200]),
    ("/events/proposals/{proposal_pk}/publish/", "post", [LOGIN, 403, 403, 403, 403, 302]),
    ("/events/proposals/{proposal_pk}/decline/", "post", [LOGIN, 403, 403, 403, 403, 302]),
    ("/events/hosting/", "get", [LOGIN, 403, 200, 200, 200, 200]),
    ("/events/hosting/{candidature}/withdraw/", "post", [LOGIN, 403, 403, 302, 403, 302]),
    ("/events/hosting/{candidature}/accept/", "post", [LOGIN, 403, 403, 403, 403, 302]),
    ("/events/hosting/{candidature}/decline/", "post", [LOGIN, 403, 403, 403, 403, 302]),
    ("/admin/events/event/", "get", [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200]),
    ("/admin/events/registration/", "get", [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200]),
]


@pytest.fixture
def world(db):
    member = MemberFactory()
    DuesRecordFactory(member=member, year=FUTURE_YEAR, status=DuesRecord.Status.PAID)
    member_person = NamedPersonFactory(member=member, user=UserFactory())
    focal_point = FocalPointFactory(member=member, person=NamedPersonFactory(user=UserFactory(), member=member))
    other_focal_point = other_focal_point_of_another_member()
    public = EventFactory(slug="atelier-public")
    proposal = EventFactory(slug="proposition", publication=Event.Publication.PROPOSED, host_member=member)
    users = {
        "visitor": None,
        "outsider": UserFactory(),
        "member": member_person.user,
        "focal_point": focal_point.person.user,
        "other_focal_point": other_focal_point.person.user,
        "coordinator": CoordinatorFactory(),
    }
    return {
        "users": users,
        "member_person": member_person,
        "values": {
            "public": public.slug,
            "members_only": EventFactory(slug="reservee", visibility=Event.Visibility.MEMBERS).slug,
            "proposal": proposal.slug,
            "proposal_pk": proposal.pk,
            "registration": Registration.objects.create(event=public, person=NamedPersonFactory(member=member)).pk,
            "candidature": HostingCandidatureFactory(member=member, year=FUTURE_YEAR).pk,
        },
    }


@pytest.mark.parametrize(("url", "method", "expected"), MATRIX, ids=[f"{m} {u}" for u, m, _e in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, role, url, method, expected):
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    path = url.split("?")[0].format(**world["values"])
    data = {"reason": "Hors sujet"}
    if url.endswith("?as=member_person"):
        data = {"person": world["member_person"].pk}
    response = client.get(path) if method == "get" else client.post(path, data)
    want = expected[ROLES.index(role)]
    if want == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/")), response["Location"]
    else:
        assert response.status_code == want, (role, path, response.status_code)
        if want == 302:
            assert not response["Location"].startswith(("/accounts/login/", "/admin/login/"))
