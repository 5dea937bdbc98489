from django.urls import path

from . import views, views_publication

app_name = "publicity"

urlpatterns = [
    path("publicity/", views.public_list, name="public-list"),
    path("publicity/<int:year>/", views.public_list, name="public-list-year"),
    path("office/rounds/<int:pk>/publicity/", views.office_publicity, name="office"),
    path("office/publicity/entries/<int:pk>/summary/", views.office_summary, name="office-summary"),
    path("published/<int:year>/", views_publication.final_list_page, name="final-list"),
    path("office/rounds/<int:pk>/publication/", views_publication.office_publication, name="publication"),
]
