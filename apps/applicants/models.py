from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse

from apps.core.fields import BlindIndexedModel, BlindIndexField, EncryptedCharField
from apps.core.models import TimeStampedModel
from apps.units.regions import PROVINCES

from .enums import ApplicationStatus
from .profile_enums import ConsentPurpose, Gender, Industry, SkillLevel

# A status's label by value: what get_status_display() looks up, without rebuilding its choices each call.
STATUS_LABELS = dict(ApplicationStatus.choices)


class Application(BlindIndexedModel, TimeStampedModel):
    """One applicant's application in one round, recommended through one unit.

    The applicant's profile (申报人基本信息) lives here, on the application, not on the account:
    it is what this year's application states (employer, post, skill level and years change from
    year to year), the submission snapshot (item 6) freezes it with the rest of the application,
    one person-per-round constraint holds on (round, resident ID hash) without a join, and the
    profile is locked with the row it belongs to. A new application is prefilled from the
    person's previous one (`apps.applicants.profile.previous_profile`). Every field is written by
    `apps.applicants.profile.update_profile` only, which validates all of them.
    """

    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT, related_name="applications"
    )
    unit = models.ForeignKey(
        "units.RecommendingUnit", verbose_name="推荐单位", on_delete=models.PROTECT, related_name="applications"
    )
    employer_name = models.CharField("工作单位", max_length=100, blank=True)
    employer_credit_code = models.CharField("工作单位统一社会信用代码", max_length=18, blank=True)
    # --- The profile (see the docstring): blank until the applicant fills it in.
    full_name = models.CharField("姓名", max_length=50, blank=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    resident_id = EncryptedCharField("居民身份证号码", normalizer="resident_id", blank=True, default="")
    resident_id_hash = BlindIndexField(source="resident_id")
    mobile = EncryptedCharField("手机号码", normalizer="mobile", blank=True, default="")
    email = models.EmailField("电子邮箱", max_length=254, blank=True)
    industry = models.CharField("所属行业", max_length=1, choices=Industry.choices, blank=True)
    region = models.CharField("所在地区", max_length=2, choices=PROVINCES, blank=True)
    post = models.CharField("岗位", max_length=100, blank=True)
    frontline_years = models.PositiveSmallIntegerField("一线生产现场工作年限", null=True, blank=True)
    skill_level = models.CharField("技能等级", max_length=20, choices=SkillLevel.choices, blank=True)
    competition_placings = models.TextField("全国性职业技能比赛名次", max_length=1000, blank=True)
    titles_held = models.TextField("已获荣誉称号", max_length=1000, blank=True)
    # Bumped by every profile save: a form carries the version it was read at, and a stale one is refused.
    profile_version = models.PositiveIntegerField("基本信息版本", default=0, editable=False)
    status = models.CharField(
        "状态", max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, editable=False
    )
    status_reason = models.TextField("状态说明", blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, editable=False)
    # Who may see it follows from these two: its unit once submitted, the office once forwarded.
    forwarded_at = models.DateTimeField("推荐报送时间", null=True, blank=True, editable=False)
    # The unit's order of its standing candidates (`enums.RANKABLE`), 1..n, set by `apps.units.ranking`.
    unit_rank = models.PositiveSmallIntegerField("单位排序", null=True, blank=True, editable=False)
    # The unit's forward (`apps.units.services.forward_application`): its 推荐意见 and its attestation of the
    # two conditions only it can judge (政治素质, 工匠精神), with who attested them and when.
    recommendation_opinion = models.TextField("推荐意见", max_length=500, blank=True, editable=False)
    attests_political_quality = models.BooleanField("推荐单位确认政治素质", default=False, editable=False)
    attests_craftsman_spirit = models.BooleanField("推荐单位确认工匠精神", default=False, editable=False)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )
    attested_at = models.DateTimeField("确认时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "申报"
        verbose_name_plural = "申报"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "applicant"], name="application_one_per_applicant_and_round"),
            # One person per round whatever the account: NULL hashes (no ID number yet) never collide.
            models.UniqueConstraint(fields=["round", "resident_id_hash"], name="application_one_per_person_and_round"),
            # One candidate per rank in a unit's order for a round, whoever saves it at the same instant.
            models.UniqueConstraint(
                fields=["round", "unit", "unit_rank"], condition=models.Q(unit_rank__isnull=False),
                name="application_unit_rank_unique",
            ),
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


class Consent(models.Model):
    """A person's consent to the processing of their personal information: what for, which policy text, when.

    Rows are only ever added (a new policy version means a new consent); never edited.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField("用途", max_length=20, choices=ConsentPurpose.choices)
    policy_version = models.CharField("规则版本", max_length=20)
    accepted_at = models.DateTimeField("同意时间")
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)

    class Meta:
        verbose_name = "个人信息处理同意记录"
        verbose_name_plural = "个人信息处理同意记录"
        ordering = ["-accepted_at"]
        indexes = [models.Index(fields=["user", "policy_version"], name="consent_user_version_idx")]

    def __str__(self):
        return f"{self.user} · {self.get_purpose_display()} · 版本{self.policy_version}"


class Registration(models.Model):
    """How an applicant account came to be: registered by the person (the email to verify) or invited by a unit.

    The link mailed for it is signed, not stored (`apps.applicants.registration.link_token`), and
    works once: `confirmed_at` is set when it is used. An invitation names the unit and round
    that `新建申报` preselects.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="registrations")
    email = models.EmailField("邮箱", max_length=254)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="邀请人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "units.RecommendingUnit", verbose_name="邀请单位", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("发送时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "注册与邀请"
        verbose_name_plural = "注册与邀请"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{'邀请' if self.invited_by_id else '注册'} · {self.user}"

    @property
    def is_invitation(self):
        return self.invited_by_id is not None


from .models_evidence import EvidenceFile, StatementAnswer  # noqa: E402,F401  (the statement and evidence models)
from .models_referees import Referee  # noqa: E402,F401  (the three referees)
from .models_snapshots import ApplicationSnapshot  # noqa: E402,F401  (the submission snapshots)
