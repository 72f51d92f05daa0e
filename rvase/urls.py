from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from accounts import views as accounts_views
from common import views as common_views

from . import views

# The admin's login goes through allauth: one login page, one rate limit.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The FR/EN switch sets a preference cookie only: no CSRF token, so that every page's form is the same for
    # every visitor and the page can be cached (common.page_cache). A forged post could only switch the language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
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
    path("mail/unsubscribe/<str:token>/", common_views.unsubscribe, name="unsubscribe"),
    path("me/", include("portal.urls")),
    path("search/", include("search.urls")),
    path("open-data/", include("opendata.urls")),
    path("about/", include("network.urls")),
]

handler400 = "rvase.views.bad_request"
handler403 = "rvase.views.permission_denied"
handler404 = "rvase.views.page_not_found"
handler500 = "rvase.views.server_error"
