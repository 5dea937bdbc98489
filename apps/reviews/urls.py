from django.urls import path

from . import views, views_formal, views_panels, views_scoring

app_name = "reviews"

urlpatterns = [
    path("expert/", views.dashboard, name="dashboard"),
    # The expert's scoring and conflict declaration: views_scoring.
    path("expert/assignments/<int:pk>/", views_scoring.score, name="score"),
    path("expert/assignments/<int:pk>/conflict/", views_scoring.declare_conflict, name="declare-conflict"),
    # Formal review (the office): views_formal.
    path("office/rounds/<int:pk>/formal-review/", views_formal.queue, name="formal-queue"),
    path("office/rounds/<int:pk>/formal-review/pass-clean/", views_formal.pass_clean, name="formal-pass-clean"),
    path("office/applications/<int:pk>/formal-review/", views_formal.decide, name="formal-decide"),
    # The pool, panels, draw, assignments (the office): views_panels.
    path("office/rounds/<int:pk>/experts/", views_panels.pool, name="pool"),
    path("office/rounds/<int:pk>/panels/", views_panels.panels, name="panels"),
    path("office/panels/<int:pk>/members/", views_panels.panel_members, name="panel-members"),
    path("office/rounds/<int:pk>/draw/", views_panels.draw_page, name="draw"),
    path("office/rounds/<int:pk>/reassign/", views_panels.reassign, name="reassign"),
    path("office/applications/<int:pk>/assignments/", views_panels.application_assignments, name="application-assignments"),
    path("office/assignments/<int:pk>/withdraw/", views_panels.withdraw, name="assignment-withdraw"),
    path("office/sheets/<int:pk>/reopen/", views_panels.reopen, name="sheet-reopen"),
]
