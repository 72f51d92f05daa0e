from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("suggest.json", views.member_suggest, name="suggest"),
    path("focal-points/confirm/<str:token>/", views.confirm_focal_point, name="confirm-focal-point"),
    path("<slug:slug>/", views.member_detail, name="detail"),
    path("<slug:slug>/edit/", views.member_edit, name="edit"),
    path("<slug:slug>/logo/", views.member_logo, name="logo"),
    path("<slug:slug>/history/", views.member_history, name="history"),
    path("<slug:slug>/dues/<int:pk>/receipt.pdf", views.dues_receipt, name="dues-receipt"),
    path("<slug:slug>/history/<int:revision_id>/restore/", views.member_restore, name="restore"),
]
