from django import forms

from apps.applicants.profile_enums import Industry, SkillLevel
from apps.units.models import RecommendingUnit
from apps.units.regions import PROVINCES

from .enums import CultivationStatus


def _choices(pairs, empty):
    return [("", empty), *pairs]


class TalentPoolFilter(forms.Form):
    """The talent pool's search: an invalid value is ignored (the field lists everything) rather than failing."""

    q = forms.CharField(label="姓名", max_length=50, required=False)
    unit = forms.ModelChoiceField(
        label="推荐单位", queryset=RecommendingUnit.objects.order_by("kind", "region", "name"), required=False, empty_label="全部推荐单位"
    )
    industry = forms.ChoiceField(label="所属行业", required=False, choices=_choices(Industry.choices, "全部行业"))
    region = forms.ChoiceField(label="所在地区", required=False, choices=_choices(PROVINCES, "全部地区"))
    skill_level = forms.ChoiceField(label="技能等级", required=False, choices=_choices(SkillLevel.choices, "全部等级"))
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label="培育状态", required=False, choices=_choices(CultivationStatus.choices, "全部状态"))

    def filters(self):
        """The valid, non-empty filters (each invalid field is dropped, not the whole search)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
