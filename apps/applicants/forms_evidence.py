from django import forms

from .models_evidence import ANSWER_MAX_LENGTH


class AnswerForm(forms.Form):
    text = forms.CharField(label="陈述", required=False, widget=forms.Textarea, max_length=ANSWER_MAX_LENGTH * 2)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class EvidenceUploadForm(forms.Form):
    indicator = forms.TypedChoiceField(label="对应评价指标", coerce=int)
    file = forms.FileField(
        label="文件", help_text="PDF、JPEG或PNG格式，每个文件不超过20 MB，每份申报合计不超过200 MB。",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {indicator.pk: indicator for indicator in indicators}
        self.fields["indicator"].choices = [("", "请选择")] + [(indicator.pk, str(indicator)) for indicator in indicators]
