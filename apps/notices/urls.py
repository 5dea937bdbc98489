from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.inbox, name="inbox"),
    path("notices/<int:pk>/open/", views.open_notice, name="open"),
    path("notices/read-all/", views.read_all, name="read-all"),
]
