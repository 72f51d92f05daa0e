"""Atom feeds of the published news: the whole network's, one member's, one theme's (Django's syndication)."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from actionplan.selectors import themes as plan_themes

from .models import Member
from .selectors import published_news

ITEMS = 30


class NetworkNewsFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("RVASE — news from the members")

    def subtitle(self, obj=None):
        return _("What the member cities, provinces and associations of the network share.")

    def link(self, obj=None):
        return reverse("news:list")

    def news(self, obj=None):
        return published_news()

    def items(self, obj=None):
        themes = Prefetch("themes", queryset=plan_themes())
        return self.news(obj).prefetch_related(themes)[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The text as the news page shows it (paragraphs), escaped.
        return linebreaks(item.text, autoescape=True)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.published_at, item.updated_at)

    def item_author_name(self, item):
        return item.member.name

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


class MemberNewsFeed(NetworkNewsFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(Member, slug=slug)

    def title(self, obj=None):
        return _("RVASE — news from %(member)s") % {"member": obj.name}

    def subtitle(self, obj=None):
        return _("What %(member)s shares with the network.") % {"member": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def news(self, obj=None):
        return published_news().filter(member=obj)


class ThemeNewsFeed(NetworkNewsFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(plan_themes(), slug=slug)

    def title(self, obj=None):
        return _("RVASE — news: %(theme)s") % {"theme": obj.name}

    def subtitle(self, obj=None):
        return _("The members' news about %(theme)s.") % {"theme": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def news(self, obj=None):
        return published_news().filter(themes=obj)
