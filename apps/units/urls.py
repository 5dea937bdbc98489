from django.urls import path

from . import views, views_integrity

app_name = "units"

urlpatterns = [
    path("unit/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/forward/", views.forward, name="forward"),
    # Integrity flags (shown, never blocking): the unit's own, and the office's for one round.
    path("unit/integrity/", views_integrity.unit_flags, name="integrity"),
    path("office/rounds/<int:pk>/integrity/", views_integrity.office_flags, name="office-integrity"),
]
