from django.urls import path

from . import urls_office, views

app_name = "rounds"

urlpatterns = [
    path("office/", views.dashboard, name="dashboard"),
    path("office/applications/", views.application_list, name="applications"),
]

urlpatterns += urls_office.urlpatterns
