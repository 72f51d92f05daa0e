"""The network's news: what focal points post for the monthly watch (/news/)."""

from django.urls import path

from . import news_views

app_name = "news"
urlpatterns = [
    path("", news_views.news_list, name="list"),
    path("new/", news_views.news_create, name="create"),
    path("<int:pk>/", news_views.news_detail, name="detail"),
    path("<int:pk>/image/", news_views.news_image, name="image"),
    path("<int:pk>/edit/", news_views.news_edit, name="edit"),
    path("<int:pk>/publish/", news_views.news_publish, name="publish"),
    path("<int:pk>/unpublish/", news_views.news_unpublish, name="unpublish"),
]
