from django.urls import path

from . import views, views_evidence, views_statement

app_name = "applicants"

urlpatterns = [
    path("applicant/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/status/", views.change_status, name="change-status"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    # The five-powers statement and the evidence files (views_statement.py, views_evidence.py).
    path("applications/<int:pk>/statement/", views_statement.statement, name="statement"),
    path("applications/<int:pk>/statement/<int:indicator_pk>/", views_statement.save, name="statement-save"),
    path("applications/<int:pk>/evidence/", views_evidence.evidence, name="evidence"),
    path("applications/<int:pk>/evidence/upload/", views_evidence.upload, name="evidence-upload"),
    path("applications/<int:pk>/evidence/<int:file_pk>/download/", views_evidence.download, name="evidence-download"),
    path("applications/<int:pk>/evidence/<int:file_pk>/delete/", views_evidence.delete, name="evidence-delete"),
]
