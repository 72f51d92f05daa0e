from django.urls import path

from . import views

app_name = "digest"
urlpatterns = [
    path("", views.my_digest, name="mine"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
