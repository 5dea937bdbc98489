from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from apps.accounts.api import AccountViewSet, MeTokenView, MeView
from apps.applicants import api_evidence, api_referees, api_submission
from apps.applicants.api import ApplicationViewSet
from apps.applicants.api_profile import ApplicationProfileView, ApplicationResidentIdView
from apps.core.api_docs import APIDocsView
from apps.core.views import healthz
from apps.notices.api import NoticeViewSet
from apps.reviews import api_formal, api_ranking, api_scoring
from apps.reviews.api import AssignmentViewSet
from apps.publicity import api as publicity_api
from apps.publicity import api_objections as objection_api
from apps.cultivation import api as cultivation_api
from apps.publicity import api_publication
from apps.rounds.api import QuotaViewSet, RoundViewSet
from apps.units.api import UnitApplicationListView, UnitBalanceView
from apps.units.api_ranking import UnitRankingView
from apps.units import api_forms
from apps.units.api_integrity import IntegrityFlagsView

admin.site.site_header = "大国工匠人才培养工程 管理后台"
admin.site.site_title = "大国工匠人才培养工程"
admin.site.index_title = "全总劳动和经济工作部"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("applications", ApplicationViewSet, basename="application")
router.register("rounds", RoundViewSet, basename="round")
router.register("quotas", QuotaViewSet, basename="quota")
router.register("notices", NoticeViewSet, basename="notice")
router.register("accounts", AccountViewSet, basename="account")
router.register("reviews/assignments", AssignmentViewSet, basename="review-assignment")

api_v1 = [
    path("me/", MeView.as_view(), name="me"),
    path("me/token/", MeTokenView.as_view(), name="me-token"),
    # The statement and the evidence of an application (apps/applicants/api_evidence.py).
    path("applications/<int:pk>/answers/", api_evidence.AnswerListView.as_view(), name="application-answers"),
    path("applications/<int:pk>/answers/<int:indicator_pk>/", api_evidence.AnswerView.as_view(), name="application-answer"),
    path("applications/<int:pk>/evidence/", api_evidence.EvidenceListView.as_view(), name="application-evidence"),
    path("applications/<int:pk>/evidence/<int:file_pk>/", api_evidence.EvidenceView.as_view(), name="application-evidence-file"),
    path(
        "applications/<int:pk>/evidence/<int:file_pk>/download/",
        api_evidence.EvidenceDownloadView.as_view(), name="application-evidence-download",
    ),
    # The referees (apps/applicants/api_referees.py); the referee's own two need no account.
    path("applications/<int:pk>/referees/", api_referees.RefereeListView.as_view(), name="application-referees"),
    path("applications/<int:pk>/referees/<int:referee_pk>/resend/", api_referees.RefereeResendView.as_view(), name="application-referee-resend"),
    path("applications/<int:pk>/referees/<int:referee_pk>/replace/", api_referees.RefereeReplaceView.as_view(), name="application-referee-replace"),
    path("applications/<int:pk>/referees/<int:referee_pk>/letter/", api_referees.RefereeLetterView.as_view(), name="application-referee-letter"),
    path("referee/<str:token>/", api_referees.RefereeLinkView.as_view(), name="referee-link"),
    path("referee/<str:token>/confirm/", api_referees.RefereeConfirmView.as_view(), name="referee-confirm"),
    # Completeness and the submission snapshots (apps/applicants/api_submission.py).
    path("applications/<int:pk>/completeness/", api_submission.CompletenessView.as_view(), name="application-completeness"),
    path("applications/<int:pk>/snapshots/", api_submission.SnapshotListView.as_view(), name="application-snapshots"),
    path(
        "applications/<int:pk>/snapshots/<int:version>/", api_submission.SnapshotDetailView.as_view(), name="application-snapshot",
    ),
    path("applications/<int:pk>/profile/", ApplicationProfileView.as_view(), name="application-profile"),
    path("applications/<int:pk>/profile/resident-id/", ApplicationResidentIdView.as_view(), name="application-resident-id"),
    # The unit's list of applications and its balance panel (apps/units/api.py).
    path("units/applications/", UnitApplicationListView.as_view(), name="unit-applications"),
    path("units/balance/", UnitBalanceView.as_view(), name="unit-balance"),
    # The recommendation form PDF (apps/units/api_forms.py).
    path("applications/<int:pk>/recommendation-form/", api_forms.RecommendationFormView.as_view(), name="application-recommendation-form"),
    path(
        "applications/<int:pk>/recommendation-form/download/",
        api_forms.RecommendationFormDownloadView.as_view(), name="application-recommendation-form-download",
    ),
    # Formal review (apps/reviews/api_formal.py).
    path("rounds/<int:pk>/formal-review/", api_formal.FormalQueueView.as_view(), name="round-formal-review"),
    path("rounds/<int:pk>/formal-review/pass-clean/", api_formal.FormalPassCleanView.as_view(), name="round-formal-pass-clean"),
    path("applications/<int:pk>/formal-review/", api_formal.FormalDecisionView.as_view(), name="application-formal-review"),
    path("integrity-flags/", IntegrityFlagsView.as_view(), name="integrity-flags"),
    # The unit's order of its candidates (apps/units/api_ranking.py).
    path("unit/ranking/", UnitRankingView.as_view(), name="unit-ranking"),
    # Publicity (apps/publicity/api.py): the public list needs no login.
    path("publicity/", publicity_api.PublicListView.as_view(), name="publicity-public"),
    path("publicity/<int:year>/", publicity_api.PublicYearListView.as_view(), name="publicity-public-year"),
    path("rounds/<int:pk>/publicity/", publicity_api.OpenPublicityView.as_view(), name="round-publicity-open"),
    # Objections (apps/publicity/api_objections.py): filing and the status look-up are public.
    path("objections/challenge/", objection_api.ChallengeView.as_view(), name="objection-challenge"),
    path("publicity/entries/<int:pk>/objections/", objection_api.FileObjectionView.as_view(), name="objection-file"),
    path("objections/status/", objection_api.ObjectionStatusView.as_view(), name="objection-status"),
    path("publicities/<int:pk>/objections/", objection_api.OfficeObjectionListView.as_view(), name="publicity-objections"),
    path("objections/<int:pk>/", objection_api.OfficeObjectionView.as_view(), name="objection-detail"),
    path("objections/<int:pk>/assign/", objection_api.AssignView.as_view(), name="objection-assign"),
    path("objections/<int:pk>/investigate/", objection_api.InvestigateView.as_view(), name="objection-investigate"),
    path("objections/<int:pk>/conclude/", objection_api.ConcludeView.as_view(), name="objection-conclude"),
    # Publication (apps/publicity/api_publication.py): the final list needs no login; the talent pool is the office's.
    path("published/<int:year>/", api_publication.FinalListView.as_view(), name="publication-final-list"),
    path("rounds/<int:pk>/publication/", api_publication.PublishView.as_view(), name="round-publication"),
    path("talent-pool/", cultivation_api.TalentPoolView.as_view(), name="talent-pool"),
    path("talent-pool/export/", cultivation_api.TalentPoolExportView.as_view(), name="talent-pool-export"),
    # Ranking, the meeting's proposed list, the party group's decision, the exports (apps/reviews/api_ranking.py).
    path("rounds/<int:pk>/ranking/", api_ranking.RankingView.as_view(), name="round-ranking"),
    path("rounds/<int:pk>/ranking/export/", api_ranking.ScoreTableExportView.as_view(), name="round-ranking-export"),
    path("rounds/<int:pk>/meeting/", api_ranking.MeetingView.as_view(), name="round-meeting"),
    path("rounds/<int:pk>/meeting/export/", api_ranking.ProposedListExportView.as_view(), name="round-meeting-export"),
    path("rounds/<int:pk>/meeting/generate/", api_ranking.GenerateView.as_view(), name="round-meeting-generate"),
    path("rounds/<int:pk>/meeting/entries/", api_ranking.AddEntryView.as_view(), name="round-meeting-add"),
    path("rounds/<int:pk>/meeting/entries/<int:entry_pk>/remove/", api_ranking.RemoveEntryView.as_view(), name="round-meeting-remove"),
    path("rounds/<int:pk>/meeting/record/", api_ranking.RecordMeetingView.as_view(), name="round-meeting-record"),
    path("rounds/<int:pk>/meeting/decision/", api_ranking.DecisionView.as_view(), name="round-meeting-decide"),
    path("rounds/<int:pk>/meeting/verify/", api_ranking.VerifyView.as_view(), name="round-meeting-verify"),
    # Expert review: the expert's sheets, the office's pool, panels, draw and assignments (apps/reviews/api_scoring.py).
    *api_scoring.urlpatterns,
    *router.urls,
]

urlpatterns = [
    path("", include("apps.accounts.urls")),
    path("", include("apps.applicants.urls")),
    path("", include("apps.units.urls")),
    path("", include("apps.rounds.urls")),
    path("", include("apps.reviews.urls")),
    path("", include("apps.publicity.urls")),
    path("", include("apps.cultivation.urls")),
    path("", include("apps.notices.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", APIDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
]

handler400 = "apps.core.views.bad_request"
handler403 = "apps.core.views.permission_denied"
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
