from django.urls import path

from . import views

app_name = "cultivation"

urlpatterns = [
    path("office/talent-pool/", views.talent_pool_page, name="talent-pool"),
    path("office/talent-pool/export/", views.talent_pool_export, name="talent-pool-export"),
]
