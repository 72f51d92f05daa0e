"""Atom feeds of the published news, read by a real feed parser (feedparser)."""

import datetime as dt

import feedparser
import pytest

from members.models import NewsItem
from tests.factories import MemberFactory, NewsItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def news(db):
    hue = MemberFactory(name="Hué", slug="hue")
    kampot = MemberFactory(name="Province de Kampot", slug="kampot")
    sanitation = ThemeFactory(slug="assainissement", name="Assainissement")
    first = NewsItemFactory(
        member=hue,
        title="Hué inaugure une station d'épuration",
        text="La station traite les eaux usées de 40 000 habitants.\n\nVisite ouverte aux membres <b>en juin</b>.",
        published_at=dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC),
    )
    first.themes.add(sanitation)
    NewsItemFactory(
        member=kampot, title="Kampot accueille un atelier", published_at=dt.datetime(2030, 3, 5, 9, 0, tzinfo=dt.UTC)
    )
    NewsItemFactory(member=hue, title="Brouillon non publié", status=NewsItem.Status.DRAFT, published_at=None)
    NewsItemFactory(member=hue, title="Soumis, pas encore publié", status=NewsItem.Status.SUBMITTED, published_at=None)
    return {"hue": hue, "kampot": kampot, "theme": sanitation, "first": first}


def test_the_networks_feed_has_the_published_news_newest_first(client, news):
    feed = parse(client, "/news/feed/")
    assert feed.feed.title == "RVASE — actualités des membres"
    assert feed.feed.link.endswith("/news/")
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Kampot accueille un atelier", "Hué inaugure une station d'épuration"]
    entry = feed.entries[1]
    assert entry.link == f"http://testserver/news/{news['first'].pk}/"
    assert entry.published_parsed[:5] == (2030, 3, 1, 9, 0)
    assert entry.author == "Hué"
    assert [tag.term for tag in entry.tags] == ["Assainissement"]
    # The text is escaped, in paragraphs: what a member typed never becomes markup.
    assert "40 000 habitants" in entry.summary
    assert "&lt;b&gt;en juin&lt;/b&gt;" in entry.summary


def test_a_members_feed(client, news):
    feed = parse(client, "/news/feed/members/hue/")
    assert feed.feed.title == "RVASE — actualités de Hué"
    assert [entry.title for entry in feed.entries] == ["Hué inaugure une station d'épuration"]


def test_a_themes_feed(client, news):
    feed = parse(client, "/news/feed/themes/assainissement/")
    assert feed.feed.title == "RVASE — actualités : Assainissement"
    assert [entry.title for entry in feed.entries] == ["Hué inaugure une station d'épuration"]


@pytest.mark.parametrize("url", ["/news/feed/members/nowhere/", "/news/feed/themes/nothing/"])
def test_unknown_members_and_themes_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_the_feeds_query_count_is_fixed(client, news, django_assert_max_num_queries):
    for number in range(40):
        NewsItemFactory(member=news["hue"], title=f"Nouvelle {number}").themes.add(news["theme"])
    with django_assert_max_num_queries(3):
        feed = parse(client, "/news/feed/themes/assainissement/")
    assert len(feed.entries) == 30


def test_the_news_page_and_the_theme_page_announce_their_feeds(client, news):
    assert 'type="application/atom+xml" href="/news/feed/"' in client.get("/news/").content.decode()
    theme_page = client.get("/plan/themes/assainissement/").content.decode()
    assert 'href="/news/feed/themes/assainissement/"' in theme_page


def test_a_focal_point_tags_news_with_themes(focal_point_client, focal_point, db):
    theme = ThemeFactory(name="Tourisme durable")
    response = focal_point_client.post(
        "/news/new/",
        {
            "member": focal_point.member.pk,
            "title": "Nouvelle étiquetée",
            "text": "Un circuit de tourisme durable.",
            "themes": [theme.pk],
            "submit": "1",
        },
    )
    assert response.status_code == 302
    item = NewsItem.objects.get(title="Nouvelle étiquetée")
    assert list(item.themes.all()) == [theme]
