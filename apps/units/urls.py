from django.urls import path

from . import views, views_integrity, views_list

app_name = "units"

urlpatterns = [
    path("unit/", views.dashboard, name="dashboard"),
    # The unit's list of applications and its balance panel (views_list.py).
    path("unit/applications/", views_list.applications, name="applications"),
    path("unit/balance/", views_list.balance, name="balance"),
    path("unit/ranking/", views.ranking, name="ranking"),
    path("applications/<int:pk>/forward/", views.forward, name="forward"),
    path("applications/<int:pk>/return/", views.return_for_fixes, name="return"),
    path("applications/<int:pk>/reject/", views.reject, name="reject"),
    path("applications/<int:pk>/withdraw-forward/", views.withdraw, name="withdraw-forward"),
    # Integrity flags (shown, never blocking): the unit's own, and the office's for one round.
    path("unit/integrity/", views_integrity.unit_flags, name="integrity"),
    path("office/rounds/<int:pk>/integrity/", views_integrity.office_flags, name="office-integrity"),
]

from . import views_forms  # noqa: E402

# The recommendation form PDF of an application (views_forms.py).
urlpatterns += [
    path("applications/<int:pk>/recommendation-form/", views_forms.form_request, name="form-request"),
    path("applications/<int:pk>/recommendation-form/status/", views_forms.form_status, name="form-status"),
    path("applications/<int:pk>/recommendation-form/download/", views_forms.form_download, name="form-download"),
]
