from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/close/", views.consultation_close, name="close"),
    path("<int:pk>/result.pdf", views.consultation_result_pdf, name="result-pdf"),
]
