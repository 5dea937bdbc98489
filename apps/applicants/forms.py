from django import forms

from .enums import ApplicationStatus


class StatusChangeForm(forms.Form):
    """The shape of a status change request; whether it is allowed is the service's decision."""

    to = forms.ChoiceField(choices=ApplicationStatus.choices, error_messages={"invalid_choice": "目标状态无效。"})
    reason = forms.CharField(label="原因", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ForwardForm(forms.Form):
    """The unit's 推荐意见 and attestation when forwarding; the service requires them (its messages, not the form's)."""

    opinion = forms.CharField(label="推荐意见", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    political_quality = forms.BooleanField(label="经本单位审核，该同志政治素质符合推荐条件", required=False)
    craftsman_spirit = forms.BooleanField(label="经本单位审核，该同志具有突出的工匠精神", required=False)


class ReasonForm(forms.Form):
    """A return, rejection or recall: the reason the applicant will read (the service requires it)."""

    reason = forms.CharField(label="原因", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
