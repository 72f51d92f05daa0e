import pytest
from django.test import RequestFactory

from events.models import Event
from rvase.views import server_error
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


def test_home_query_count_does_not_grow_with_the_data(client, rvase_2023, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get("/")


def test_healthz_answers_with_one_database_ping(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


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
