"""Expert review (专家评审): the expert pool, panels, conflicts, the assignment draw and the score sheets.

Rules live in `conflicts.py` (who may not score whom), `draw.py` (the seeded assignment),
`scoring.py` (drafts, submission, reopening) and `aggregation.py` (totals, rankings, agreement).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.applicants.profile_enums import Industry
from apps.core.models import TimeStampedModel
from apps.units.regions import PROVINCES

MAX_AVOID_ENTRIES = 3


class ExpertProfile(TimeStampedModel):
    """An expert of the pool (评审专家库): what conflicts and panels are derived from."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.PROTECT, related_name="expert_profile"
    )
    field = models.CharField("专业领域", max_length=50)
    industry = models.CharField("所属行业", max_length=1, choices=Industry.choices, blank=True)
    employer_name = models.CharField("工作单位", max_length=100)
    employer_credit_code = models.CharField("工作单位统一社会信用代码", max_length=18, blank=True)
    region = models.CharField("所在地区", max_length=2, choices=PROVINCES, blank=True)
    unit = models.ForeignKey(
        "units.RecommendingUnit", verbose_name="所属推荐单位", on_delete=models.PROTECT, null=True, blank=True,
        related_name="experts",
    )
    is_active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = "评审专家"
        verbose_name_plural = "评审专家"
        ordering = ["pk"]

    def __str__(self):
        return self.user.display_name or self.user.username


class Panel(TimeStampedModel):
    """A panel (专家组) of one round and field; it scores every candidate of its industry sections.

    `industries` holds the GB/T 4754 section letters it scores ("CD" = 制造业 and 电力…), so that the
    candidates of one industry group meet the same experts and their scores are comparable. A
    section belongs to at most one panel of a round (checked by `services.create_panel`).
    """

    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, related_name="panels")
    field = models.CharField("专业领域", max_length=50)
    name = models.CharField("专家组名称", max_length=100)
    industries = models.CharField("评审行业门类", max_length=20, help_text="GB/T 4754 门类字母，如 CD")
    members = models.ManyToManyField(ExpertProfile, verbose_name="成员", related_name="panels", blank=True)

    class Meta:
        verbose_name = "专家组"
        verbose_name_plural = "专家组"
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="panel_name_unique_in_round")]

    def __str__(self):
        return self.name


class AvoidEntry(TimeStampedModel):
    """A person the applicant asked not to be reviewed by (申请回避), at most three per application."""

    application = models.ForeignKey(
        "applicants.Application", verbose_name="申报", on_delete=models.CASCADE, related_name="avoid_entries"
    )
    slot = models.PositiveSmallIntegerField("序号")
    name = models.CharField("回避人员姓名", max_length=50)
    employer_name = models.CharField("回避人员工作单位", max_length=100, blank=True)

    class Meta:
        verbose_name = "回避人员"
        verbose_name_plural = "回避人员"
        ordering = ["application", "slot"]
        constraints = [
            models.CheckConstraint(condition=Q(slot__gte=1, slot__lte=MAX_AVOID_ENTRIES), name="avoid_entry_slot_1_to_3"),
            models.UniqueConstraint(fields=["application", "slot"], name="avoid_entry_slot_unique"),
        ]

    def __str__(self):
        return self.name


class ConflictDeclaration(models.Model):
    """An expert's own declaration of a conflict of interest on a candidate (主动申报回避)."""

    expert = models.ForeignKey(ExpertProfile, verbose_name="专家", on_delete=models.PROTECT, related_name="declarations")
    application = models.ForeignKey(
        "applicants.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="conflict_declarations"
    )
    reason = models.CharField("回避原因", max_length=500)
    declared_at = models.DateTimeField("申报时间", auto_now_add=True)

    class Meta:
        verbose_name = "回避申报"
        verbose_name_plural = "回避申报"
        constraints = [models.UniqueConstraint(fields=["expert", "application"], name="conflict_declaration_unique")]

    def __str__(self):
        return f"{self.expert} · {self.application_id}"


class DrawRecord(models.Model):
    """One run of the assignment draw: the seed, the parameters and a hash of the assignment list it gave."""

    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, related_name="draws")
    seed = models.BigIntegerField("随机种子")
    parameters = models.JSONField("参数", default=dict)
    result_hash = models.CharField("结果摘要", max_length=64)
    assignment_count = models.PositiveIntegerField("分配数")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家抽取记录"
        verbose_name_plural = "专家抽取记录"
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.round_id} · {self.seed}"


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    WITHDRAWN = "withdrawn", "已撤回"


class Assignment(TimeStampedModel):
    """An expert's assignment to score one candidate, by a draw (`draw`) or by hand (`manual`)."""

    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, related_name="assignments")
    application = models.ForeignKey(
        "applicants.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="assignments"
    )
    expert = models.ForeignKey(ExpertProfile, verbose_name="专家", on_delete=models.PROTECT, related_name="assignments")
    panel = models.ForeignKey(Panel, verbose_name="专家组", on_delete=models.PROTECT, related_name="assignments")
    draw = models.ForeignKey(
        DrawRecord, verbose_name="抽取记录", on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    manual = models.BooleanField("人工调整", default=False)
    status = models.CharField("状态", max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE)
    withdrawn_reason = models.CharField("撤回原因", max_length=500, blank=True)

    class Meta:
        verbose_name = "评审分配"
        verbose_name_plural = "评审分配"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"], condition=Q(status="active"), name="assignment_active_unique"
            ),
        ]
        indexes = [models.Index(fields=["round", "status"], name="assignment_round_status")]

    def __str__(self):
        return f"{self.expert} → {self.application_id}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    REOPENED = "reopened", "已退回重评"


class ScoreSheet(TimeStampedModel):
    """An expert's score sheet for one assignment: 15 scores and a comment; submission locks it."""

    assignment = models.OneToOneField(Assignment, verbose_name="评审分配", on_delete=models.PROTECT, related_name="sheet")
    status = models.CharField("状态", max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    comment = models.TextField("评审意见", max_length=2000, blank=True)
    version = models.PositiveIntegerField("版本", default=0)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reopen_reason = models.CharField("退回原因", max_length=500, blank=True)

    class Meta:
        verbose_name = "评分表"
        verbose_name_plural = "评分表"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="submitted", submitted_at__isnull=False) | ~Q(status="submitted"),
                name="score_sheet_submitted_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.assignment}"


class Score(models.Model):
    """One indicator's score on a sheet: 0 to the indicator's maximum (the maximum is the service's check)."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey("rounds.Indicator", verbose_name="评价指标", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField("得分", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "得分"
        verbose_name_plural = "得分"
        constraints = [
            models.UniqueConstraint(fields=["sheet", "indicator"], name="score_unique_per_indicator"),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator_id}: {self.value}"


class Meeting(TimeStampedModel):
    """The round's expert review meeting (专家评审会议) and the party group's decision (党组审议) on its list.

    One per round. The office generates the proposed list (`ProposedEntry`), adjusts it, records the
    meeting, then the decision; the decision freezes the list (`decided_at` set) and stores the SHA-256
    of the canonical score table and list (`decision_hash`, also in the audit trail). See `meeting.py`.
    """

    round = models.OneToOneField("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, related_name="meeting")
    generated_at = models.DateTimeField("建议名单生成时间")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    meeting_date = models.DateField("会议日期", null=True, blank=True)
    attendees = models.TextField("参会人员", max_length=2000, blank=True)
    outcome = models.TextField("会议结论", max_length=2000, blank=True)
    decision_date = models.DateField("党组审议日期", null=True, blank=True)
    document_number = models.CharField("党组决定文号", max_length=100, blank=True)
    decided_at = models.DateTimeField("决定记录时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_hash = models.CharField("评分与名单摘要（SHA-256）", max_length=64, blank=True)

    class Meta:
        verbose_name = "评审会议"
        verbose_name_plural = "评审会议"
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | (Q(decision_date__isnull=False) & ~Q(document_number="") & ~Q(decision_hash="")),
                name="meeting_decision_complete",
            ),
        ]

    def __str__(self):
        return f"{self.round.year}年度评审会议" if self.round_id else "评审会议"

    @property
    def is_frozen(self):
        return self.decided_at is not None

    @property
    def is_held(self):
        return self.meeting_date is not None


class ProposedEntry(TimeStampedModel):
    """A candidate on the meeting's proposed list (建议名单). Removed entries stay, with the reason."""

    meeting = models.ForeignKey(Meeting, verbose_name="评审会议", on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "applicants.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="proposed_entries"
    )
    raw_rank = models.PositiveIntegerField("生成时排名", null=True, blank=True)
    added_manually = models.BooleanField("人工增补", default=False)
    added_reason = models.CharField("增补理由", max_length=500, blank=True)
    removed = models.BooleanField("已移出", default=False)
    removed_reason = models.CharField("移出理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "建议名单人选"
        verbose_name_plural = "建议名单人选"
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application"], name="proposed_entry_unique"),
            models.CheckConstraint(condition=Q(removed=False) | ~Q(removed_reason=""), name="proposed_entry_removed_has_reason"),
        ]

    def __str__(self):
        return f"{self.meeting_id} · {self.application_id}"
