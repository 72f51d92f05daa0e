"""The logged-in user and their person, kept in the cache between requests (accounts/backends.py).

Whatever changes who someone is or what they may do takes effect at their very next request.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import COORDINATION_GROUP
from members.permissions import is_member_person, member_of
from tests.factories import CoordinatorFactory, MemberFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def visit(client):
    """Open a page; return who the portal took the visitor for, and the queries that loaded them."""
    with CaptureQueriesContext(connection) as context:
        response = client.get("/")
    assert response.status_code == 200
    loads = [query["sql"] for query in context.captured_queries if 'FROM "accounts_user"' in query["sql"]]
    return response.wsgi_request.user, loads


def test_the_user_and_their_person_are_read_once_then_come_from_the_cache(member_client, member_person):
    user, loads = visit(member_client)
    assert user == member_person.user and user.person == member_person
    assert len(loads) <= 1  # the first request may read them (in one query, with the person)
    user, loads = visit(member_client)
    assert loads == []
    assert user.is_authenticated and member_of(user) == member_person.member


def test_a_deactivated_account_is_logged_out_at_its_next_request(member_client, member_person):
    visit(member_client)
    member_person.user.is_active = False
    member_person.user.save()
    user, _loads = visit(member_client)
    assert not user.is_authenticated


def test_a_changed_password_logs_out_the_other_sessions(member_client, member_person):
    visit(member_client)
    member_person.user.set_password("another-long-passphrase")
    member_person.user.save()
    user, _loads = visit(member_client)
    assert not user.is_authenticated


def test_a_person_who_leaves_the_member_loses_the_members_pages_at_once(member_client, member_person):
    assert is_member_person(visit(member_client)[0])
    member_person.member = None
    member_person.save()
    assert not is_member_person(visit(member_client)[0])


def test_a_deleted_member_takes_its_peoples_rights_with_it(client):
    member = MemberFactory()
    person = PersonFactory(member=member, user=UserFactory())
    client.force_login(person.user)
    assert is_member_person(visit(client)[0])
    member.delete()  # its people stay, with no member (SET_NULL: no save of theirs to tell the cache)
    user, _loads = visit(client)
    assert user.is_authenticated and not is_member_person(user)


def test_a_person_moved_to_another_account_leaves_the_first_one(client):
    person = PersonFactory(user=UserFactory())
    first = person.user
    client.force_login(first)
    assert visit(client)[0].person == person
    person.user = UserFactory()
    person.save()
    user, _loads = visit(client)
    assert user == first and getattr(user, "person", None) is None and not is_member_person(user)


def test_the_coordination_role_is_never_cached():
    coordinator = CoordinatorFactory()
    client = Client()
    client.force_login(coordinator)
    assert visit(client)[0].is_coordinator
    coordinator.groups.remove(Group.objects.get(name=COORDINATION_GROUP))
    assert not visit(client)[0].is_coordinator
    assert client.get("/admin/events/event/").status_code == 403
