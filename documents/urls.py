from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("upload/", views.document_upload, name="upload"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/download/", views.document_download, name="download"),
    path("<int:pk>/versions/new/", views.version_upload, name="version-upload"),
    path("<int:pk>/versions/<int:version_id>/download/", views.version_download, name="version-download"),
]
