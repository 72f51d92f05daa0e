from django.urls import path

from . import views

app_name = "actionplan"
urlpatterns = [
    path("", views.plan_detail, name="plan"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
    path("projects/<slug:slug>/progress/", views.project_progress, name="project-progress"),
    path("partners/", views.partner_list, name="partners"),
    path("progress/", views.progress_pending, name="progress-pending"),
    path("progress/<int:pk>/review/", views.progress_review, name="progress-review"),
    path("<int:year>/", views.plan_detail, name="plan-year"),
    path("<int:year>/plan.pdf", views.plan_pdf, name="plan-pdf"),
    path("<int:year>/actions/<int:number>/", views.action_detail, name="action"),
    path("<int:year>/actions/<int:number>/progress/", views.action_progress, name="action-progress"),
]
