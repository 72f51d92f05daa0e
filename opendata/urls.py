from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.open_data, name="index"),
    path("<slug:key>.<str:extension>", views.export, name="export"),
]
