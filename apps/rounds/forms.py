from django import forms

from apps.applicants.enums import FORWARDED_OR_LATER, ApplicationStatus
from apps.units.models import RecommendingUnit


class OfficeApplicationFilter(forms.Form):
    """The filters of the office's application list; an invalid value lists everything rather than failing.

    The template writes the two selects out itself (see rounds/application_list.html).
    """

    unit = forms.ModelChoiceField(
        label="推荐单位", queryset=RecommendingUnit.objects.order_by("kind", "region", "name"), required=False,
        empty_label="全部推荐单位",
    )
    status = forms.ChoiceField(
        label="状态", required=False,
        choices=[("", "全部状态")] + [(s.value, s.label) for s in ApplicationStatus if s in FORWARDED_OR_LATER],
    )
