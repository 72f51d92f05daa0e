from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    # Fixed paths before "<slug>/": an event's slug never takes them (events.models.RESERVED_SLUGS).
    # An event's minutes and summary PDF are under its address too: minutes.urls.
    path("calendar.ics", views.public_feed, name="feed"),
    path("suggest.json", views.event_suggest, name="suggest"),
    path("calendar/", views.calendar_help, name="calendar"),
    path("calendar/archive/<int:year>.ics", views.archive_feed, name="archive-feed"),
    path("calendar/address/", views.calendar_token_regenerate, name="feed-token-regenerate"),
    path("calendar/address/revoke/", views.calendar_token_revoke, name="feed-token-revoke"),
    path("calendar/<str:token>.ics", views.personal_feed, name="personal-feed"),
    path("themes/<slug:slug>/calendar.ics", views.theme_feed, name="theme-feed"),
    path("members/<slug:slug>/calendar.ics", views.member_feed, name="member-feed"),
    path("timezone/", views.set_reader_timezone, name="reader-timezone"),
    path("propose/", views.propose, name="propose"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/publish/", views.proposal_publish, name="proposal-publish"),
    path("proposals/<int:pk>/decline/", views.proposal_decline, name="proposal-decline"),
    path("hosting/", views.hosting, name="hosting"),
    path("hosting/<int:pk>/withdraw/", views.hosting_withdraw, name="hosting-withdraw"),
    path("hosting/<int:pk>/accept/", views.hosting_accept, name="hosting-accept"),
    path("hosting/<int:pk>/decline/", views.hosting_decline, name="hosting-decline"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/event.ics", views.event_calendar_file, name="ics"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/registrations/<int:pk>/cancel/", views.registration_cancel, name="registration-cancel"),
]
