from django.urls import path

from . import urls_office, views

app_name = "rounds"

urlpatterns = [
    path("office/", views.dashboard, name="dashboard"),
    path("office/applications/", views.application_list, name="applications"),
]

urlpatterns += urls_office.urlpatterns

# The office's phase change (views_phases): kept apart, at the end, for the other office pages to join above.
from . import views_phases  # noqa: E402

urlpatterns += [
    path("office/rounds/<int:pk>/advance/", views_phases.advance, name="advance"),
]
