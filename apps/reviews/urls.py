from django.urls import path

from . import views, views_formal

app_name = "reviews"

urlpatterns = [
    path("expert/", views.dashboard, name="dashboard"),
    # Formal review (the office): views_formal.
    path("office/rounds/<int:pk>/formal-review/", views_formal.queue, name="formal-queue"),
    path("office/rounds/<int:pk>/formal-review/pass-clean/", views_formal.pass_clean, name="formal-pass-clean"),
    path("office/applications/<int:pk>/formal-review/", views_formal.decide, name="formal-decide"),
]
