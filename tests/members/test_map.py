"""The map of the members: an inline SVG drawn on the server, one named link per member placed by its coordinates."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from members.geography import MEMBER_COORDINATES
from members.map import HEIGHT, WIDTH, member_map, project, short_label
from members.models import Member
from tests.factories import MemberFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db
LINK = re.compile(r'<a class="map-member" href="([^"]+)" aria-label="([^"]+)">')


def map_svg(html: str) -> str:
    return html[html.index('<figure class="member-map">') : html.index("</figure>", html.index("member-map"))]


def test_the_loader_places_the_twelve_members(rvase_2023):
    placed = Member.objects.filter(latitude__isnull=False, longitude__isnull=False)
    assert placed.count() == 12
    hue = Member.objects.get(slug="hue")
    assert (hue.latitude, hue.longitude) == MEMBER_COORDINATES["hue"]


def test_a_position_the_coordinator_set_is_never_replaced_by_the_loader(rvase_2023):
    Member.objects.filter(slug="hue").update(latitude=Decimal("16.5"), longitude=Decimal("107.6"))
    call_command("load_rvase_2023", verbosity=0)
    hue = Member.objects.get(slug="hue")
    assert (hue.latitude, hue.longitude) == (Decimal("16.50000"), Decimal("107.60000"))


@pytest.mark.parametrize("url", ["/", "/members/"])
def test_the_home_page_and_the_directory_show_every_member_on_the_map(client, rvase_2023, url):
    html = client.get(url).content.decode()
    svg = map_svg(html)
    links = dict(LINK.findall(svg))
    assert len(links) == 12
    assert links["/members/hue/"] == "Hué (Vietnam)"
    assert links["/members/asac/"] == "ASAC (Cambodge)"
    assert "<title" in svg  # the map's accessible name
    for country in ("Cambodge", "Laos", "Vietnam"):
        assert f">{country}</text>" in svg
    # The list stays, for screen readers and everyone else.
    assert "Luang Prabang" in page_text(client.get(url)).split("Carte des membres")[1]


def test_the_map_is_light_and_needs_no_script_nor_tiles(client, rvase_2023):
    html = client.get("/").content.decode()
    svg = map_svg(html)
    assert len(svg.encode()) < 9_000
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "style=" not in svg  # the CSP forbids inline styles


def test_positions_follow_the_coordinates(db):
    north = MemberFactory(name="Nord", latitude=Decimal("21"), longitude=Decimal("105"))
    south = MemberFactory(name="Sud", latitude=Decimal("10"), longitude=Decimal("105"))
    west = MemberFactory(name="Ouest", latitude=Decimal("15"), longitude=Decimal("101"))
    markers = {marker.member.name: marker for marker in member_map([north, south, west])["markers"]}
    assert markers["Nord"].y < markers["Sud"].y
    assert markers["Ouest"].x < markers["Nord"].x
    assert (markers["Sud"].x, markers["Sud"].y) == pytest.approx(project(105, 10))
    for marker in markers.values():
        assert 0 <= marker.x <= WIDTH and 0 <= marker.y <= HEIGHT


def test_members_at_the_same_place_are_fanned_out_with_a_line_to_it(db):
    city = MemberFactory(name="Phnom Penh", latitude=Decimal("11.5564"), longitude=Decimal("104.9282"))
    association = MemberFactory(
        name="Association des Autorités Locales du Cambodge (ASAC)",
        kind="association",
        latitude=Decimal("11.5564"),
        longitude=Decimal("104.9282"),
    )
    markers = {marker.member.pk: marker for marker in member_map([association, city])["markers"]}
    assert not markers[city.pk].moved  # the city keeps its true place
    assert markers[association.pk].moved
    assert (markers[association.pk].true_x, markers[association.pk].true_y) == (
        markers[city.pk].x,
        markers[city.pk].y,
    )
    assert markers[association.pk].label == "ASAC"


def test_a_member_without_coordinates_is_listed_but_not_placed(client, rvase_2023):
    Member.objects.filter(slug="kampot").update(latitude=None, longitude=None)
    response = client.get("/members/")
    svg = map_svg(response.content.decode())
    assert "/members/kampot/" not in svg
    assert "1 membre n'a pas encore de position." in page_text(response)
    assert "Province de Kampot" in page_text(response)


def test_both_coordinates_or_neither(db):
    member = MemberFactory.build(latitude=Decimal("11.5"), longitude=None, country=MemberFactory().country)
    with pytest.raises(ValidationError):
        member.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(latitude=Decimal("11.5"), longitude=None)


def test_the_coordinator_edits_the_position_in_the_admin(coordinator_client, rvase_2023):
    hue = Member.objects.get(slug="hue")
    page = coordinator_client.get(f"/admin/members/member/{hue.pk}/change/").content.decode()
    assert 'name="latitude"' in page and 'name="longitude"' in page


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Association des Autorités Locales du Cambodge (ASAC)", "ASAC"),
        ("Hué", "Hué"),
        ("Ville (ancienne)", "Ville (ancienne)"),
    ],
)
def test_short_labels(name, label):
    assert short_label(name) == label
