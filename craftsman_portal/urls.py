from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from apps.accounts.api import AccountViewSet, MeTokenView, MeView
from apps.applicants import api_evidence
from apps.applicants.api import ApplicationViewSet
from apps.applicants.api_profile import ApplicationProfileView, ApplicationResidentIdView
from apps.core.api_docs import APIDocsView
from apps.core.views import healthz
from apps.notices.api import NoticeViewSet
from apps.cultivation import api as cultivation_api
from apps.publicity import api as publicity_api
from apps.publicity import api_publication
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
    path("applications/<int:pk>/profile/", ApplicationProfileView.as_view(), name="application-profile"),
    path("applications/<int:pk>/profile/resident-id/", ApplicationResidentIdView.as_view(), name="application-resident-id"),
    # Publicity (apps/publicity/api.py): the public list needs no login.
    path("publicity/", publicity_api.PublicListView.as_view(), name="publicity-public"),
    path("publicity/<int:year>/", publicity_api.PublicListView.as_view(), name="publicity-public-year"),
    path("rounds/<int:pk>/publicity/", publicity_api.OpenPublicityView.as_view(), name="round-publicity-open"),
    # Publication (apps/publicity/api_publication.py): the final list needs no login; the talent pool is the office's.
    path("published/<int:year>/", api_publication.FinalListView.as_view(), name="publication-final-list"),
    path("rounds/<int:pk>/publication/", api_publication.PublishView.as_view(), name="round-publication"),
    path("talent-pool/", cultivation_api.TalentPoolView.as_view(), name="talent-pool"),
    path("talent-pool/export/", cultivation_api.TalentPoolExportView.as_view(), name="talent-pool-export"),
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
