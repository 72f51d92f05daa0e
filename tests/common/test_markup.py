"""What the checkers of test_standards.py found, pinned where it is cheap to see without a browser: names in the
members' scripts carry their language (Khmer km, Lao lo, Vietnamese vi: axe takes the old lang="la" for Latin and
says nothing), every box of the officials' table has a label, times are machine-readable to the second, and pages
say what they are about in their meta description."""

import re

import pytest
from django.utils import timezone

from members.models import Member
from tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db

LANG = re.compile(r'<span class="local" lang="(\w+)">([^<]+)</span>')


def test_local_names_carry_the_language_they_are_written_in(client, rvase_2023):
    home = client.get("/").content.decode()
    assert set(LANG.findall(home)) >= {("km", "កម្ពុជា"), ("lo", "ລາວ"), ("vi", "Việt Nam")}
    assert not re.search(r'lang="(kh|vn|la)"', home)
    directory = client.get("/members/").content.decode()
    assert 'lang="lo">ວຽງຈັນ<' in directory
    hue = client.get("/members/hue/").content.decode()
    assert '<span class="local" lang="vi">Huế</span>' in hue


def test_every_box_of_the_officials_table_has_a_label(coordinator_client, rvase_2023):
    html = coordinator_client.get("/members/phnom-penh/edit/").content.decode()
    boxes = re.findall(r'<input type="(?:text|checkbox)" name="officials-\d+-\w+"[^>]*id="(id_officials-[^"]+)"', html)
    assert len(boxes) >= 7
    labels = set(re.findall(r'<label class="visually-hidden" for="([^"]+)">', html))
    assert set(boxes) <= labels
    assert "Titre (ligne 1)" in html


def test_times_are_written_to_the_second_for_machines(client, rvase_2023):
    NewsItemFactory(member=Member.objects.get(slug="hue"), published_at=timezone.now(), title="Nouvelle du jour")
    html = client.get("/news/").content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert stamps
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d{4})?", stamp) for stamp in stamps), stamps


def test_a_page_describes_itself_from_its_content(client, rvase_2023):
    member = Member.objects.get(slug="hue")
    html = client.get("/members/hue/").content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert description.startswith("Hué (Huế) — Ville, Vietnam.")
    assert member.description.split()[0] in description
    news = client.get("/news/").content.decode()
    assert '<meta name="description" content="Actualités — RVASE, le réseau des villes' in news
