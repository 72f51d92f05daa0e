from django.urls import path

from . import views

app_name = "actionplan"
urlpatterns = [
    path("", views.plan_detail, name="plan"),
    path("<int:year>/", views.plan_detail, name="plan-year"),
    path("<int:year>/actions/<int:number>/", views.action_detail, name="action"),
]
