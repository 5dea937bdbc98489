from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "apps.applicants"
    label = "applicants"
    verbose_name = "申报"

    def ready(self):
        from . import history, history_evidence, permissions

        permissions.register_policy()
        history.register_events()
        history_evidence.register_events()
        _register_intake_events()
        _register_referee_events()


def _register_intake_events():
    """Registration, invitation, consent and the profile (apps.applicants.registration, .profile)."""
    from apps.core import events

    from .history import BOTH

    events.register("applicants.application.profile_updated", "修改申报人基本信息", visible_to=BOTH)
    # The office's full view of an ID number: in the office's timeline only.
    events.register("applicants.application.resident_id_viewed", "查看完整居民身份证号码")
    events.register("applicants.registration.created", "注册申报人账号")
    events.register("applicants.registration.verified", "验证注册邮箱")
    events.register("applicants.registration.invited", "推荐单位邀请申报")
    events.register("applicants.registration.accepted", "接受申报邀请")
    events.register("applicants.consent.given", "同意个人信息处理规则")


def _register_referee_events():
    """The three referees (apps.applicants.referees): steps the applicant and the unit read too."""
    from apps.core import events

    from .history import BOTH

    events.register("applicants.referee.invited", "邀请推荐专家", visible_to=BOTH)
    events.register("applicants.referee.resent", "重新发送推荐专家邀请", visible_to=BOTH)
    events.register("applicants.referee.replaced", "更换推荐专家", visible_to=BOTH)
    events.register("applicants.referee.confirmed", "推荐专家确认推荐", visible_to=BOTH)
    events.register("applicants.referee.seeded", "生成演示推荐专家")
