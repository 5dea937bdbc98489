from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("unit/", views.dashboard, name="dashboard"),
    path("unit/ranking/", views.ranking, name="ranking"),
    path("applications/<int:pk>/forward/", views.forward, name="forward"),
    path("applications/<int:pk>/return/", views.return_for_fixes, name="return"),
    path("applications/<int:pk>/reject/", views.reject, name="reject"),
    path("applications/<int:pk>/withdraw-forward/", views.withdraw, name="withdraw-forward"),
]
