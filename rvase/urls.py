from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views

from . import views

# The admin's login goes through allauth: one login page, one rate limit.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before allauth's own: the e-mail page that asks for the password and only changes through the link.
    path("accounts/email/", accounts_views.change_email, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("plan/", include("actionplan.urls")),
    path("events/", include("events.urls")),
    path("events/", include("minutes.urls")),
    path("documents/", include("documents.urls")),
    path("consultations/", include("consultations.urls")),
    path("news/", include("members.news_urls")),
    path("digest/", include("digest.urls")),
    path("me/", include("portal.urls")),
    path("search/", include("search.urls")),
    path("open-data/", include("opendata.urls")),
    path("about/", include("network.urls")),
]

handler400 = "rvase.views.bad_request"
handler403 = "rvase.views.permission_denied"
handler404 = "rvase.views.page_not_found"
handler500 = "rvase.views.server_error"
