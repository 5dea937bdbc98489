"""The profile in the API: read (masked for all but the owner), write (the owner, through `update_profile`),
and the full ID number (the owner; the office, audited). `新建申报` is `ApplicationViewSet.create`."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import profile, selectors


class ProfileSerializer(serializers.Serializer):
    application_id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="修改时原样提交；他处已修改时拒绝保存")
    editable = serializers.BooleanField(help_text="当前用户现在能否修改")
    full_name = serializers.CharField()
    gender = serializers.CharField(help_text="M 男，F 女，空：未填")
    birth_date = serializers.DateField(allow_null=True)
    resident_id = serializers.CharField(help_text="除申报人本人外为遮蔽后的号码")
    mobile = serializers.CharField(help_text="除申报人本人外为遮蔽后的号码")
    email = serializers.CharField()
    employer_name = serializers.CharField()
    employer_credit_code = serializers.CharField()
    industry = serializers.CharField(help_text="GB/T 4754-2017 门类字母 A–T")
    region = serializers.CharField(help_text="省级行政区划代码（GB/T 2260 前两位）")
    post = serializers.CharField()
    frontline_years = serializers.IntegerField(allow_null=True)
    skill_level = serializers.CharField()
    competition_placings = serializers.CharField()
    titles_held = serializers.CharField()


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, **kwargs)


class ProfileInputSerializer(serializers.Serializer):
    """The shape only (text of bounded length); each value is validated by `update_profile`."""

    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    full_name = _text(max_length=200)
    gender = _text(max_length=10)
    birth_date = _text(max_length=20, allow_null=True)
    resident_id = _text(max_length=40)
    mobile = _text(max_length=30)
    email = _text(max_length=300)
    employer_name = _text(max_length=300)
    employer_credit_code = _text(max_length=40)
    industry = _text(max_length=10)
    region = _text(max_length=10)
    post = _text(max_length=300)
    frontline_years = _text(max_length=10, allow_null=True)
    skill_level = _text(max_length=40)
    competition_placings = _text(max_length=3000)
    titles_held = _text(max_length=3000)


class ResidentIdSerializer(serializers.Serializer):
    resident_id = serializers.CharField()


def profile_data(application, user):
    data = {name: getattr(application, name) for name in profile.PROFILE_FIELDS}
    if not profile.sees_full_resident_id(user, application):
        data.update(profile.masked_profile(application))
    data.update(application_id=application.pk, version=application.profile_version, editable=profile.can_edit_profile(user, application))
    return ProfileSerializer(data).data


class ApplicationProfileView(APIView):
    @extend_schema(
        responses=ProfileSerializer, summary="申报人基本信息", tags=["申报"],
        description="一份您有权查看的申报的申报人基本信息。居民身份证号码和手机号码只对申报人本人完整显示，其他人看到遮蔽后的号码。",
    )
    def get(self, request, pk):
        return Response(profile_data(selectors.get_application_for(request.user, pk), request.user))

    @extend_schema(
        request=ProfileInputSerializer, responses=ProfileSerializer, summary="修改申报人基本信息", tags=["申报"],
        description="申报人在草稿或退回修改状态下保存基本信息，与网页调用同一服务、逐项校验（身份证号码校验码、出生日期与性别、"
        "统一社会信用代码、手机号码、一线生产现场工作经历不少于5年等）。只提交要修改的字段和读取时的 version；"
        "他处已修改则拒绝保存；同一居民身份证号码在同一年度只能有一份申报。",
    )
    def put(self, request, pk):
        application = selectors.get_application_for(request.user, pk)
        data = ProfileInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {name: value for name, value in data.validated_data.items() if name != "version"}
        application = profile.update_profile(application, by=request.user, data=fields, version=data.validated_data["version"])
        return Response(profile_data(application, request.user))


class ApplicationResidentIdView(APIView):
    @extend_schema(
        request=None, responses=ResidentIdSerializer, summary="查看完整居民身份证号码", tags=["申报"],
        description="申报人本人或全总工作人员查看完整的居民身份证号码；全总工作人员的每次查看记入审计日志。推荐单位和其他人无权查看。",
    )
    def post(self, request, pk):
        application = selectors.get_application_for(request.user, pk)
        return Response(ResidentIdSerializer({"resident_id": profile.reveal_resident_id(application, by=request.user)}).data)
