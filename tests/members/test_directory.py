import datetime

import pytest

from members.models import Member
from tests.factories import DuesRecordFactory, FocalPointFactory, MemberFactory, PersonFactory, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_directory_lists_the_twelve_members_by_country(client, rvase_2023):
    text = page_text(client.get("/members/"))
    assert "12 membres" in text
    for name in ("Province de Kampot", "Luang Prabang", "Hô-Chi-Minh-Ville", "ASAC"):
        assert name in text


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("country=LA", ["Luang Prabang", "Vientiane"], ["Phnom Penh", "Hué"]),
        ("kind=province", ["Province de Kampot", "Province de Battambang", "Province de Yen Bai"], ["Siem Reap"]),
        ("q=prabang", ["Luang Prabang"], ["Vientiane", "Kampot"]),
        ("q=huế", ["Hué"], ["Can Tho"]),
        ("theme=assainissement", ["Siem Reap", "Vientiane", "Hué", "Phnom Penh"], ["Can Tho", "Yen Bai"]),
        ("country=VN&kind=city", ["Hué", "Can Tho"], ["Province de Yen Bai", "Vientiane"]),
    ],
)
def test_directory_filters(client, rvase_2023, query, present, absent):
    text = page_text(client.get(f"/members/?{query}"))
    member_part = text.split("membres", 1)[-1]
    for name in present:
        assert name in member_part, name
    for name in absent:
        assert name not in member_part.split("Réseau des Villes")[0], name


@pytest.mark.parametrize("query", ["country=ZZ", "kind=planet", "theme=<script>", "q=" + "x" * 3000])
def test_junk_filter_values_answer_clearly(client, rvase_2023, query):
    response = client.get(f"/members/?{query}")
    assert response.status_code == 200
    text = page_text(response)
    assert "<script>" not in response.content.decode()
    assert "Sélectionnez un choix valide" in text or "Aucun membre" in text


def test_a_null_byte_in_a_filter_is_harmless(client, rvase_2023):
    response = client.get("/members/?country=%00&q=%00")
    assert response.status_code == 200


def test_visitors_see_public_fields_and_members_see_focal_point_contacts(member_client):
    from django.test import Client

    member = MemberFactory(name="Ville de démonstration")
    FocalPointFactory(
        member=member, person=PersonFactory(member=member, full_name="Lan Pham", email="lan@city.example")
    )
    visitor = page_text(Client().get("/members/"))
    assert "Lan Pham" in visitor
    assert "lan@city.example" not in visitor
    assert "lan@city.example" in page_text(member_client.get("/members/"))


def test_standing_badge_shown_to_own_people_and_coordinator_never_to_visitors(
    client, member, member_person, coordinator
):
    from django.utils import timezone

    DuesRecordFactory(member=member, year=timezone.localdate().year)
    url = f"/members/{member.slug}/"
    assert "À jour de ses cotisations" not in page_text(client.get(url))
    client.force_login(member_person.user)
    assert "À jour de ses cotisations" in page_text(client.get(url))
    client.force_login(coordinator)
    assert "À jour de ses cotisations" in page_text(client.get(url))
    other = PersonFactory(user=UserFactory(email="other@example.org"))
    client.force_login(other.user)
    assert "cotisations" not in page_text(client.get(url)).lower()


def test_member_page_shows_officials_projects_themes_and_focal_point(client, rvase_2023):
    text = page_text(client.get("/members/phnom-penh/"))
    assert "Nuon Pharat" in text
    assert "Smart City Hub" in text
    assert "Gouvernance urbaine et smart cities" in text


def test_unknown_slug_is_a_404_in_the_layout(client):
    response = client.get("/members/atlantis/")
    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)


def _directory_and_page_queries(client, django_assert_max_num_queries, budget_list, budget_page):
    with django_assert_max_num_queries(budget_list):
        assert client.get("/members/").status_code == 200
    with django_assert_max_num_queries(budget_list):
        assert client.get("/members/?country=KH&theme=assainissement").status_code == 200
    with django_assert_max_num_queries(budget_page):
        assert client.get("/members/phnom-penh/").status_code == 200


# Logged in as a member: the session, the user and their person cost three queries of these.
DIRECTORY_BUDGET = 12  # 11, and the count of the directory's pages (issue 18)
MEMBER_PAGE_BUDGET = 15  # 14, and one for the member's news (issue 9)


def test_query_counts_with_the_twelve_real_members(member_client, rvase_2023, django_assert_max_num_queries):
    _directory_and_page_queries(member_client, django_assert_max_num_queries, DIRECTORY_BUDGET, MEMBER_PAGE_BUDGET)


def test_query_counts_are_the_same_with_200_members_and_5_years_of_dues(
    member_client, rvase_2023, django_assert_max_num_queries
):
    from members.models import Country, DuesPayment, DuesRecord, FocalPoint, Person

    country = Country.objects.get(code="KH")
    members = Member.objects.bulk_create(
        [Member(name=f"Commune {n}", slug=f"commune-{n}", country=country) for n in range(200)]
    )
    people = Person.objects.bulk_create(
        [Person(full_name=f"Point focal {n}", member=m, email=f"pf{n}@example.org") for n, m in enumerate(members)]
    )
    FocalPoint.objects.bulk_create([FocalPoint(member=p.member, person=p) for p in people])
    records = DuesRecord.objects.bulk_create(
        [DuesRecord(member=m, year=year, amount_due=500) for m in members for year in range(2022, 2027)]
    )
    DuesPayment.objects.bulk_create(
        [DuesPayment(record=r, amount=500, paid_on=datetime.date(r.year, 3, 1)) for r in records]
    )
    assert Member.objects.count() >= 212
    _directory_and_page_queries(member_client, django_assert_max_num_queries, DIRECTORY_BUDGET, MEMBER_PAGE_BUDGET)
    assert "Commune 199" in page_text(member_client.get("/members/?q=Commune+199"))
    # The directory comes in pages of 24.
    assert "Page 1 sur 9" in page_text(member_client.get("/members/"))
