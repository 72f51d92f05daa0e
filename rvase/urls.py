from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from common import views as common_views

# The admin's login goes through allauth: one login page, one rate limit.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("plan/", include("actionplan.urls")),
    path("events/", include("events.urls")),
    path("documents/", include("documents.urls")),
    path("consultations/", include("consultations.urls")),
    path("news/", include("members.news_urls")),
    path("digest/", include("digest.urls")),
]

handler403 = "common.views.permission_denied"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"
