from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse

from apps.core.models import TimeStampedModel

from .enums import ApplicationStatus

# A status's label by value: what get_status_display() looks up, without rebuilding its choices each call.
STATUS_LABELS = dict(ApplicationStatus.choices)


class Application(TimeStampedModel):
    """One applicant's application in one round, recommended through one unit."""

    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT, related_name="applications"
    )
    unit = models.ForeignKey(
        "units.RecommendingUnit", verbose_name="推荐单位", on_delete=models.PROTECT, related_name="applications"
    )
    employer_name = models.CharField("工作单位", max_length=100, blank=True)
    employer_credit_code = models.CharField("工作单位统一社会信用代码", max_length=18, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, editable=False
    )
    status_reason = models.TextField("状态说明", blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, editable=False)
    # Who may see it follows from these two: its unit once submitted, the office once forwarded.
    forwarded_at = models.DateTimeField("推荐报送时间", null=True, blank=True, editable=False)
    unit_rank = models.PositiveSmallIntegerField("单位排序", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "申报"
        verbose_name_plural = "申报"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "applicant"], name="application_one_per_applicant_and_round"),
        ]
        indexes = [models.Index(fields=["round", "unit", "status"], name="application_unit_review_idx")]

    def __str__(self):
        # The applicant's name and the round's year: what people call it. No id (it means nothing to
        # them), no ID number or phone. Lists select_related both, so this costs no query there.
        return f"{self.applicant} · {self.round.year}年度申报"

    @property
    def status_label(self):
        """What get_status_display() says, read from a dict: lists print it in every row."""
        return STATUS_LABELS.get(self.status, self.status)

    def get_absolute_url(self):
        # Lists call this once a row: the pattern is reversed once (per prefix and URLconf), the pk put in.
        head, tail = _detail_url_around_pk(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        return f"{head}{self.pk}{tail}"


_PK_PLACEHOLDER = 987654321
_detail_urls = {}


def _detail_url_around_pk(script_prefix, urlconf):
    """(text before the pk, text after it) of `applicants:detail`, as `reverse` writes it."""
    key = (script_prefix, urlconf)
    if key not in _detail_urls:
        url = reverse("applicants:detail", args=[_PK_PLACEHOLDER], urlconf=urlconf)
        head, tail = url.split(str(_PK_PLACEHOLDER))
        _detail_urls[key] = (head, tail)
    return _detail_urls[key]
