from django.urls import path

from . import views

app_name = "applicants"

urlpatterns = [
    path("applicant/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/status/", views.change_status, name="change-status"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
]
