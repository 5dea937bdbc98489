from django.urls import path

from . import views, views_objections as objection_views, views_publication

app_name = "publicity"

urlpatterns = [
    path("publicity/", views.public_list, name="public-list"),
    path("publicity/<int:year>/", views.public_list, name="public-list-year"),
    path("office/rounds/<int:pk>/publicity/", views.office_publicity, name="office"),
    path("office/publicity/entries/<int:pk>/summary/", views.office_summary, name="office-summary"),
    # Objections: the public form and look-up (no login), the office's handling.
    path("publicity/entries/<int:pk>/objection/", objection_views.objection_form, name="objection-new"),
    path("publicity/objections/status/", objection_views.objection_status, name="objection-status"),
    path("office/publicity/<int:pk>/objections/", objection_views.office_objections, name="office-objections"),
    path("office/objections/<int:pk>/", objection_views.office_objection, name="office-objection"),
    path("office/objections/<int:pk>/assign/", objection_views.office_assign, name="office-objection-assign"),
    path("office/objections/<int:pk>/investigate/", objection_views.office_investigate, name="office-objection-investigate"),
    path("office/objections/<int:pk>/conclude/", objection_views.office_conclude, name="office-objection-conclude"),
    path("office/objections/<int:pk>/evidence/", objection_views.office_evidence, name="office-objection-evidence"),
    path("published/<int:year>/", views_publication.final_list_page, name="final-list"),
    path("office/rounds/<int:pk>/publication/", views_publication.office_publication, name="publication"),
]
