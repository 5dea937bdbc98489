import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apps.core.models import TimeStampedModel


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    WORKDAY = "workday", "调休上班日"


class DaySource(models.TextChoices):
    LIBRARY = "library", "节假日数据（chinesecalendar）"
    OFFICE = "office", "全总工作人员设置"


class CalendarDay(models.Model):
    """A day that is not what its weekday says: a statutory holiday on a weekday (or a weekend inside a
    holiday), or a weekend day worked in lieu (调休). Any other day is a working day Monday to Friday.

    Seeded from the maintained `chinesecalendar` library (apps.publicity.calendar.load_library_days);
    the office adds the next year's days when the State Council publishes them, and corrects any."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=30, blank=True)
    source = models.CharField("来源", max_length=10, choices=DaySource.choices, default=DaySource.OFFICE)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}{f'（{self.name}）' if self.name else ''}"


DEFAULT_CLOSING_TIME = datetime.time(17, 0)


class Publicity(TimeStampedModel):
    """A round's publicity (公示): from `starts_on` for `working_days` working days, objections until `ends_at`."""

    round = models.OneToOneField("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, related_name="publicity")
    starts_on = models.DateField("公示开始日期")
    working_days = models.PositiveSmallIntegerField(
        "公示期（工作日）", default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    ends_at = models.DateTimeField("公示截止时间")
    contact = models.TextField("异议受理方式", max_length=500)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+")
    # Publication (公布, apps.publicity.publication.publish_round): once set, the final list is public.
    published_at = models.DateTimeField("公布时间", null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公布人", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.round.year}年度公示"


class PublicityEntry(models.Model):
    """One candidate on the publicity list, with the short summary of achievements the notice shows."""

    publicity = models.ForeignKey(Publicity, verbose_name="公示", on_delete=models.CASCADE, related_name="entries")
    application = models.OneToOneField(
        "applicants.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="publicity_entry"
    )
    position = models.PositiveSmallIntegerField("序号")
    summary = models.TextField("主要事迹简介", max_length=300)

    class Meta:
        verbose_name = "公示人选"
        verbose_name_plural = "公示人选"
        ordering = ["publicity", "position"]
        constraints = [
            models.UniqueConstraint(fields=["publicity", "position"], name="publicity_entry_position_unique"),
        ]

    def __str__(self):
        return f"{self.application.full_name or self.application.applicant} · {self.publicity}"


from .models_objections import Objection, ObjectionStatus  # noqa: E402,F401  (the objections' models)
