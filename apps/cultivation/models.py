from django.db import models

from .enums import CultivationStatus


class Cultivation(models.Model):
    """A published candidate's cultivation (培育对象): two years from publication.

    Created by `apps.publicity.publication.publish_round`, one per published application; it is also
    the candidate's entry in the talent pool (工匠人才库, `selectors.talent_pool`). Plans, reports,
    funding, evaluation and certificates (issue 13) hang off this row."""

    application = models.OneToOneField(
        "applicants.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="cultivation"
    )
    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, related_name="cultivations")
    started_on = models.DateField("培育开始日期")
    ends_on = models.DateField("培育期满日期")
    status = models.CharField("培育状态", max_length=20, choices=CultivationStatus.choices, default=CultivationStatus.IN_PROGRESS)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "培育对象"
        verbose_name_plural = "培育对象"
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("started_on")), name="cultivation_ends_after_start"),
        ]
        indexes = [models.Index(fields=["round", "status"], name="cultivation_round_status_idx")]

    def __str__(self):
        return f"{self.application.full_name or self.application.applicant} · {self.round.year}年度培育对象"
