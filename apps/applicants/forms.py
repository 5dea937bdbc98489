from django import forms

from .enums import ApplicationStatus


class StatusChangeForm(forms.Form):
    """The shape of a status change request; whether it is allowed is the service's decision."""

    to = forms.ChoiceField(choices=ApplicationStatus.choices, error_messages={"invalid_choice": "目标状态无效。"})
    reason = forms.CharField(label="原因", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ForwardForm(forms.Form):
    """The unit's recommendation opinion when forwarding (optional)."""

    opinion = forms.CharField(label="推荐意见", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
