"""The network's news: what focal points post for the monthly watch (/news/)."""

from django.urls import path

from . import feeds, news_views

app_name = "news"
urlpatterns = [
    path("", news_views.news_list, name="list"),
    path("feed/", feeds.NetworkNewsFeed(), name="feed"),
    path("feed/members/<slug:slug>/", feeds.MemberNewsFeed(), name="member-feed"),
    path("feed/themes/<slug:slug>/", feeds.ThemeNewsFeed(), name="theme-feed"),
    path("new/", news_views.news_create, name="create"),
    path("<int:pk>/", news_views.news_detail, name="detail"),
    path("<int:pk>/image/", news_views.news_image, name="image"),
    path("<int:pk>/edit/", news_views.news_edit, name="edit"),
    path("<int:pk>/publish/", news_views.news_publish, name="publish"),
    path("<int:pk>/unpublish/", news_views.news_unpublish, name="unpublish"),
]
