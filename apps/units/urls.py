from django.urls import path

from . import views, views_list

app_name = "units"

urlpatterns = [
    path("unit/", views.dashboard, name="dashboard"),
    # The unit's list of applications and its balance panel (views_list.py).
    path("unit/applications/", views_list.applications, name="applications"),
    path("unit/balance/", views_list.balance, name="balance"),
    path("applications/<int:pk>/forward/", views.forward, name="forward"),
]
