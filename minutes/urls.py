"""Under /events/, beside the event's own pages (rvase/urls.py): an event's minutes and its PDFs (members only)."""

from django.urls import path

from . import views

app_name = "minutes"
urlpatterns = [
    path("<slug:slug>/minutes.pdf", views.minutes_pdf, name="pdf"),
    path("<slug:slug>/minutes/<int:number>.pdf", views.minutes_pdf, name="version-pdf"),
    path("<slug:slug>/summary.pdf", views.summary_pdf, name="summary-pdf"),
    path("<slug:slug>/minutes/", views.minutes_page, name="detail"),
    path("<slug:slug>/minutes/versions/<int:number>/", views.minutes_version_page, name="version"),
    path("<slug:slug>/minutes/versions/<int:number>/render/", views.minutes_version_render, name="version-render"),
    path("<slug:slug>/minutes/circulate/", views.minutes_circulate, name="circulate"),
    path("<slug:slug>/minutes/approve/", views.minutes_approve, name="approve"),
    path("<slug:slug>/minutes/comments/", views.minutes_comment, name="comment"),
    path("<slug:slug>/minutes/comments/<int:pk>/answer/", views.minutes_comment_answer, name="comment-answer"),
]
