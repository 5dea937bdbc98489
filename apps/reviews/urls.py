from django.urls import path

from . import views, views_formal, views_panels, views_ranking, views_scoring

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
    # Ranking, the meeting's proposed list, the party group's decision, the exports (the office): views_ranking.
    path("office/rounds/<int:pk>/ranking/", views_ranking.ranking, name="ranking"),
    path("office/rounds/<int:pk>/ranking/export/", views_ranking.ranking_export, name="ranking-export"),
    path("office/rounds/<int:pk>/meeting/", views_ranking.meeting_page, name="meeting"),
    path("office/rounds/<int:pk>/meeting/export/", views_ranking.meeting_export, name="meeting-export"),
    path("office/rounds/<int:pk>/meeting/generate/", views_ranking.meeting_generate, name="meeting-generate"),
    path("office/rounds/<int:pk>/meeting/entries/add/", views_ranking.meeting_add, name="meeting-add"),
    path("office/rounds/<int:pk>/meeting/entries/<int:entry_pk>/remove/", views_ranking.meeting_remove, name="meeting-remove"),
    path("office/rounds/<int:pk>/meeting/record/", views_ranking.meeting_record, name="meeting-record"),
    path("office/rounds/<int:pk>/meeting/decision/", views_ranking.meeting_decide, name="meeting-decide"),
    path("office/rounds/<int:pk>/meeting/verify/", views_ranking.meeting_verify, name="meeting-verify"),
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
