from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from apps.accounts.api import AccountViewSet, MeTokenView, MeView
from apps.applicants import api_evidence, api_submission
from apps.applicants.api import ApplicationViewSet
from apps.applicants.api_profile import ApplicationProfileView, ApplicationResidentIdView
from apps.core.api_docs import APIDocsView
from apps.core.views import healthz
from apps.notices.api import NoticeViewSet
from apps.rounds.api import QuotaViewSet, RoundViewSet

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
    # Completeness and the submission snapshots (apps/applicants/api_submission.py).
    path("applications/<int:pk>/completeness/", api_submission.CompletenessView.as_view(), name="application-completeness"),
    path("applications/<int:pk>/snapshots/", api_submission.SnapshotListView.as_view(), name="application-snapshots"),
    path(
        "applications/<int:pk>/snapshots/<int:version>/", api_submission.SnapshotDetailView.as_view(), name="application-snapshot",
    ),
    path("applications/<int:pk>/profile/", ApplicationProfileView.as_view(), name="application-profile"),
    path("applications/<int:pk>/profile/resident-id/", ApplicationResidentIdView.as_view(), name="application-resident-id"),
    *router.urls,
]

urlpatterns = [
    path("", include("apps.accounts.urls")),
    path("", include("apps.applicants.urls")),
    path("", include("apps.units.urls")),
    path("", include("apps.rounds.urls")),
    path("", include("apps.reviews.urls")),
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
