"""Forms of the referees: the applicant's invitation (or replacement) and the referee's confirmation. Shape only:
the rules (title, employer, three referees) are `apps.applicants.referees`'s, which the API calls too."""
from django import forms

from .models_referees import RefereeTitle
from .referees import RELATIONSHIP_MAX_LENGTH

TITLE_CHOICES = [("", "请选择"), *RefereeTitle.choices]
LETTER_ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


class RefereeInviteForm(forms.Form):
    name = forms.CharField(label="推荐专家姓名", max_length=50)
    email = forms.EmailField(label="推荐专家电子邮箱", max_length=254, help_text="邀请链接将发送到该邮箱，请确认无误。")
    title = forms.ChoiceField(label="职称或技能等级", choices=TITLE_CHOICES)
    employer_name = forms.CharField(label="工作单位", max_length=100, help_text="须与您不在同一工作单位。")
    employer_credit_code = forms.CharField(label="工作单位统一社会信用代码", max_length=30, required=False)
    relationship = forms.CharField(label="与您的关系", max_length=RELATIONSHIP_MAX_LENGTH, required=False,
                                   widget=forms.TextInput(attrs={"placeholder": "如：同行业专家，曾共同参与技术攻关项目"}))


class RefereeConfirmForm(forms.Form):
    title = forms.ChoiceField(label="您的职称或技能等级", choices=TITLE_CHOICES)
    employer_name = forms.CharField(label="您的工作单位", max_length=100)
    employer_credit_code = forms.CharField(label="工作单位统一社会信用代码", max_length=30, help_text="18位，可在营业执照或事业单位法人证书上查到。")
    relationship = forms.CharField(label="与申报人的关系", max_length=RELATIONSHIP_MAX_LENGTH)
    letter = forms.FileField(
        label="签名的推荐信", help_text="请上传您签名的推荐信扫描件或照片：PDF、JPEG或PNG格式，不超过20 MB。",
        widget=forms.ClearableFileInput(attrs={"accept": LETTER_ACCEPT}),
    )
    agree = forms.BooleanField(label="本人确认以上信息真实，同意推荐该申报人，并确认本人与申报人不在同一工作单位。",
                               error_messages={"required": "请勾选确认后提交。"})
