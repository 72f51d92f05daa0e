import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from actionplan.models import Action, ActionPlan
from events.models import Event
from members.models import Country
from rvase.views import server_error
from tests.common.test_ten_times import PAGE_CACHES
from tests.factories import FUTURE_YEAR, ActionFactory, EventFactory, MemberFactory, ThemeFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_home_is_built_from_the_2023_data(client, rvase_2023):
    response = client.get("/")
    page = page_text(response)
    assert response.status_code == 200
    # Members by country.
    for country in ("Cambodge", "Laos", "Vietnam"):
        assert country in page
    for member in ("Phnom Penh", "Luang Prabang", "Hué", "Can Tho"):
        assert member in page
    # Themes, main and transversal.
    assert "Tourisme intelligent et durable" in page
    assert "francophonie" in page.lower()
    # The action plan's state.
    assert "Plan d'action 2023" in page
    assert "15 actions" in page
    assert "<svg" in response.content.decode()


def test_home_lists_the_next_events_only_when_they_are_upcoming(client, rvase_2023):
    page = page_text(client.get("/"))
    # Every 2023-2024 event is past: the home page says so and shows the latest ones.
    assert "Aucun événement à venir" in page
    assert "Congrès mondial de l'AIMF" in page
    Event.objects.create(slug="atelier-futur", kind="workshop", title="Atelier futur sur les boues", year=2099)
    page = page_text(client.get("/"))
    assert "Atelier futur sur les boues" in page
    assert "Congrès mondial de l'AIMF" not in page


def home_queries(client) -> tuple[int, str]:
    client.get("/")  # a logged-in reader's first request reads them from the database (accounts.backends)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), page_text(response)


def grow_the_network(times: int = 3) -> None:
    """Three times the members, more themes, upcoming events hosted by the new members, and more actions (each with
    members and themes) in the current plan."""
    countries = list(Country.objects.all())
    members = [MemberFactory(name=f"Ville ajoutée {n}", country=countries[n % len(countries)]) for n in range(24)]
    themes = [ThemeFactory(name=f"Thème ajouté {n}") for n in range(6)]
    plan = ActionPlan.objects.get(year=2023)
    axis = plan.axes.first()
    for n in range(16, 16 + 15 * (times - 1)):
        action = ActionFactory(plan=plan, axis=axis, number=n, status=Action.Status.IN_PROGRESS)
        action.members.add(*members[n % 24 : n % 24 + 3])
        action.themes.add(themes[n % 6])
    for n in range(8):
        EventFactory(
            title=f"Atelier ajouté {n}",
            host_member=members[n],
            starts_at=datetime.datetime(FUTURE_YEAR, 3, 1 + n, 9, tzinfo=datetime.UTC),
            visibility=Event.Visibility.MEMBERS if n % 2 else Event.Visibility.PUBLIC,
        )


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_home_query_count_does_not_grow_with_the_data(client, rvase_2023, member_person, reader, settings):
    # The page's rendering is measured, not the copy the page caches keep (tests/common/test_page_cache.py and
    # test_reader_page_cache.py test those).
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name not in PAGE_CACHES]
    if reader == "member":
        client.force_login(member_person.user)
    # One upcoming event to start with: without any, the page shows the latest past events instead.
    EventFactory(title="Atelier déjà prévu", starts_at=datetime.datetime(FUTURE_YEAR, 2, 1, 9, tzinfo=datetime.UTC))
    small, page = home_queries(client)
    assert "15 actions" in page and "Atelier déjà prévu" in page and "Ville ajoutée" not in page
    grow_the_network()
    big, page = home_queries(client)
    # The new data is on the page ...
    assert "45 actions" in page
    assert "Ville ajoutée 23" in page and "Thème ajouté 5" in page
    assert "Atelier ajouté 0" in page
    # ... and it took the same queries.
    assert big == small <= 10


def test_healthz_answers_with_one_database_ping_and_one_cache_ping(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_junk_url_gets_the_404_page_in_the_site_layout(client):
    response = client.get("/this/does/not/exist/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in page
    assert "Réseau des Villes d'Asie du Sud-Est" in page  # the footer of the layout
    assert "Traceback" not in page


def test_403_page_is_in_the_site_layout(client, settings):
    from rvase.views import permission_denied

    request = RequestFactory().get("/members/hue/edit/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Accès refusé" in page
    assert "RVASE" in page


def test_500_page_is_in_the_site_layout_without_a_database():
    request = RequestFactory().get("/")
    response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue" in page or "Something went wrong" in page
    assert "RVASE" in page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/members/", "Province de Kampot"),
        ("/members/hue/", "Trần Song"),
        ("/plan/", "Prise de contact les villes membres"),
        ("/plan/2023/", "Soutenir la maîtrise d"),
        ("/plan/2023/actions/1/", "Nomination officiel d'un point focal"),
        ("/events/", "Congrès mondial de l'AIMF"),
        ("/events/reunion-annuelle-2023/", "Fairfield Hotel"),
    ],
)
def test_public_pages_show_the_deck(client, rvase_2023, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert expected in page_text(response)


def test_annual_meeting_programme_is_in_phnom_penh_time(client, rvase_2023):
    page = page_text(client.get("/events/reunion-annuelle-2023/"))
    assert "08:00" in page
    assert "Asia/Phnom_Penh" in page
    assert "Arianna Ardesi" in page
    assert "Nuon Pharat" in page


@pytest.mark.parametrize(
    ("url", "budget"),
    [("/members/", 6), ("/members/hue/", 10), ("/plan/", 8), ("/plan/2023/actions/2/", 10), ("/events/", 6)],
)
def test_public_pages_have_a_fixed_query_budget(client, rvase_2023, django_assert_max_num_queries, url, budget):
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
