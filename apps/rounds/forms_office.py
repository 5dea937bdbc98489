"""The office's round and quota forms: they check the shape of input; the services check the rules."""
from django import forms

from .models import Round

ROUND_FIELDS = (
    "title", "national_target", "recommend_deadline", "formal_review_deadline", "expert_review_deadline",
    "publicity_start", "publicity_end",
)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


DATE_WIDGETS = {
    "recommend_deadline": DateTimeLocalInput, "formal_review_deadline": DateTimeLocalInput,
    "expert_review_deadline": DateTimeLocalInput, "publicity_start": DateInput, "publicity_end": DateInput,
}


class RoundCreateForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ("year", *ROUND_FIELDS)
        widgets = DATE_WIDGETS
        help_texts = {"title": "留空时显示为“某年度大国工匠人才培养工程遴选”。"}


class RoundSettingsForm(forms.ModelForm):
    """Title, target, deadlines. The page also posts `seen` (the round's updated_at): a stale page is refused."""

    class Meta:
        model = Round
        fields = ROUND_FIELDS
        widgets = DATE_WIDGETS

    def __init__(self, *args, target_frozen=False, **kwargs):
        super().__init__(*args, **kwargs)
        if target_frozen:
            self.fields["national_target"].disabled = True
            self.fields["national_target"].help_text = "推荐阶段结束后推荐名额已冻结，全国培育目标人数不能再修改。"


def _weight(label):
    return forms.DecimalField(label=label, min_value=0, max_digits=5, decimal_places=2)


class QuotaSchemeForm(forms.Form):
    """The quota scheme: the four weights, the ratio and the minimum (the settings page, the what-if)."""

    region_development_weight = _weight("地区发展状况权重")
    industry_level_weight = _weight("行业技术水平权重")
    worker_count_weight = _weight("职工人数权重")
    talent_environment_weight = _weight("人才培养环境权重")
    recommendation_ratio = forms.DecimalField(
        label="推荐比例", min_value=1, max_digits=4, decimal_places=2, help_text="每个最终培育名额可推荐的候选人数，例如 1.50。"
    )
    minimum_places = forms.IntegerField(label="每单位最少名额", min_value=0, max_value=32767)

    def __init__(self, *args, round, frozen=False, **kwargs):
        super().__init__(*args, initial={name: getattr(round, name) for name in self.base_fields}, **kwargs)
        for field in self.fields.values():
            field.disabled = frozen


class IndicatorForm(forms.Form):
    """One indicator's weight and maximum, with the values the page showed (`seen_*`) for the stale check."""

    weight = forms.DecimalField(label="权重", min_value=0, max_digits=5, decimal_places=2)
    max_score = forms.DecimalField(label="满分", min_value=1, max_digits=5, decimal_places=1)
    seen_weight = forms.DecimalField(widget=forms.HiddenInput)
    seen_max_score = forms.DecimalField(widget=forms.HiddenInput)

    def __init__(self, *args, indicator, frozen=False, **kwargs):
        values = {"weight": indicator.weight, "max_score": indicator.max_score}
        initial = {**values, "seen_weight": indicator.weight, "seen_max_score": indicator.max_score}
        super().__init__(*args, prefix=f"indicator-{indicator.pk}", initial=initial, **kwargs)
        self.indicator = indicator
        self.fields["weight"].disabled = self.fields["max_score"].disabled = frozen

    def change(self):
        data = self.cleaned_data
        return {
            "weight": data["weight"], "max_score": data["max_score"],
            "seen": {"weight": data["seen_weight"], "max_score": data["seen_max_score"]},
        }


class QuotaOverrideForm(forms.Form):
    places = forms.IntegerField(label="调整后的推荐名额", min_value=0, max_value=32767)
    reason = forms.CharField(
        label="调整原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="必填，记入审计日志，例如“该地区重点产业集中，适当增加”。",
    )


class FactorImportForm(forms.Form):
    file = forms.FileField(label="填好的 Excel 文件（.xlsx）", help_text="请使用本页下载的模板，不超过 2 MB。")
