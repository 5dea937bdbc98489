from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("unit/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/forward/", views.forward, name="forward"),
]
