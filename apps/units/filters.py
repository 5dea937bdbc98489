"""The filters of a unit's list of applications: one FilterSet for the page and the API.

On the page an invalid value is ignored (the list shows what the other filters give); the API answers 400.
"""
import django_filters
from django.db.models import Q

from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.profile_enums import Gender, Industry, SkillLevel
from apps.units.regions import PROVINCES

from .selectors import DEFAULT_SORT, SORTS

COMPLETENESS = (("complete", "材料齐全"), ("incomplete", "材料不全"))
SORT_CHOICES = (
    ("rank", "单位排序"), ("name", "姓名"), ("submitted", "提交时间（早到晚）"), ("-submitted", "提交时间（晚到早）"),
    ("status", "状态"), ("-rank", "单位排序（倒序）"), ("-name", "姓名（倒序）"), ("-status", "状态（倒序）"),
)
assert {value for value, _ in SORT_CHOICES} == set(SORTS), "every sort has a label"


class UnitApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label="状态", empty_label="全部状态")
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业", empty_label="全部行业")
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label="性别", empty_label="全部")
    region = django_filters.ChoiceFilter(choices=PROVINCES, label="地区", empty_label="全部地区")
    skill_level = django_filters.ChoiceFilter(choices=SkillLevel.choices, label="技能等级", empty_label="全部等级")
    completeness = django_filters.ChoiceFilter(
        choices=COMPLETENESS, label="材料", empty_label="全部", method="filter_completeness",
        help_text="complete：基本信息齐全且每项五力陈述已填写；incomplete：其余",
    )
    q = django_filters.CharFilter(label="姓名", method="filter_name", max_length=50, help_text="按申报人姓名查找（包含即可）")
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, label="排序", empty_label=None, method="sort_by",
        help_text="rank 单位排序（默认）、name 姓名、submitted 提交时间、status 状态；前加 - 为倒序",
    )

    class Meta:
        model = Application
        fields = []  # every filter is declared above

    def filter_completeness(self, queryset, name, value):
        return queryset.filter(is_complete=(value == "complete"))

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(full_name__icontains=value) | Q(applicant__display_name__icontains=value))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))
