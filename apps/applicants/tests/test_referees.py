"""The referee rules (apps.applicants.referees): three, senior, not from the applicant's employer; the one-time link."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application, Referee
from apps.applicants.referees import (
    LINK_EXPIRED, LINK_INVALID, LINK_REPLACED, LINK_USED, TITLE_RULE, LinkProblem, confirm_by_token, invite_referee,
    normalise_employer_name, referee_for_token, referees_missing, replace_referee, resend_invitation, token_digest,
)
from apps.applicants.samples import image_bytes, pdf_bytes
from apps.applicants.tests.evidence_files import ELF, pdf_with_javascript, pixel_bomb_png, truncated_png, upload
from apps.applicants.tests.referee_helpers import (
    OWN_CODE, OWN_EMPLOYER, confirm_data, draft, invite, invite_three, referee_data, sent,  # noqa: F401  (fixture)
)
from apps.core.exceptions import DomainError
from apps.core.models import AuditEntry

pytestmark = pytest.mark.django_db


# --- Employer rule --------------------------------------------------------------------------


@pytest.mark.parametrize("name, other, same", [
    ("中国中车股份有限公司", "中国中车有限公司", True),
    ("中国 第一汽车（集团）有限公司", "中国第一汽车集团", True),
    ("ＡＢＣ科技有限责任公司", "abc科技", True),
    ("中车株洲电力机车有限公司", "中车株洲电力机车研究所有限公司", False),
    ("上海电气集团股份有限公司", "上海电机厂", False),
])
def test_normalise_employer_name_compares_legal_forms_away(name, other, same):
    assert (normalise_employer_name(name) == normalise_employer_name(other)) is same


def test_invite_referee_refuses_the_applicants_employer_by_name(draft):
    with pytest.raises(DomainError) as refused:
        invite_referee(draft, by=draft.applicant, **referee_data(0, employer_name="中国中车 有限公司", employer_credit_code=""))

    assert "非本单位" in refused.value.message and "中国中车股份有限公司" in refused.value.message
    assert Referee.objects.count() == 0


def test_invite_referee_refuses_the_applicants_employer_by_credit_code(draft):
    with pytest.raises(DomainError) as refused:
        invite_referee(draft, by=draft.applicant, **referee_data(0, employer_name="某研究院", employer_credit_code=OWN_CODE.lower()))

    assert refused.value.message.startswith("推荐专家须为非本单位专家：其工作单位的统一社会信用代码")
    assert Referee.objects.count() == 0


def test_invite_referee_accepts_another_employer(draft):
    referee, token = invite(draft, 0)

    assert (referee.slot, referee.status, referee.employer_name) == (1, "invited", "哈尔滨工业大学")
    assert referee.token_hash == token_digest(token) != token
    assert mail.outbox[-1].to == ["referee0@example.com"]


def test_confirm_refuses_a_referee_stating_the_applicants_employer(draft):
    _, token = invite(draft, 0)

    with pytest.raises(DomainError) as refused:
        confirm_by_token(token, **confirm_data(0, employer_name=OWN_EMPLOYER, employer_credit_code=OWN_CODE))

    assert refused.value.code == "same_employer"
    assert Referee.objects.get().status == "invited"


def test_invite_referee_needs_the_applicants_employer_first(draft):
    Application.objects.filter(pk=draft.pk).update(employer_name="")
    draft.refresh_from_db()

    with pytest.raises(DomainError, match="请先在基本信息中填写您的工作单位"):
        invite_referee(draft, by=draft.applicant, **referee_data(0))


# --- Title rule, input -------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["full_senior", "associate_senior", "senior_technician", "master_technician", "chief_technician"])
def test_invite_referee_accepts_senior_titles(draft, title):
    assert invite(draft, 0, title=title)[0].title == title


@pytest.mark.parametrize("title", ["technician", "intermediate", "", "正高级"])
def test_invite_referee_refuses_titles_below_the_rule(draft, title):
    with pytest.raises(DomainError) as refused:
        invite_referee(draft, by=draft.applicant, **referee_data(0, title=title))

    assert refused.value.message == TITLE_RULE


def test_confirm_refuses_a_title_below_the_rule(draft):
    _, token = invite(draft, 0)

    with pytest.raises(DomainError, match="高级技师及以上"):
        confirm_by_token(token, **confirm_data(0, title="technician"))


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-email", "请输入推荐专家有效的电子邮箱地址。"),
    ("employer_credit_code", "91110000100012345X", "统一社会信用代码校验码错误，请核对后重新输入。"),
    ("name", "", "请填写推荐专家姓名。"),
    ("name", "李\u202e强", "推荐专家姓名中含有无法保存的控制字符。"),
])
def test_invite_referee_validates_each_field(draft, field, value, message):
    with pytest.raises(DomainError) as refused:
        invite_referee(draft, by=draft.applicant, **referee_data(0, **{field: value}))

    assert refused.value.message == message


def test_invite_referee_refuses_the_applicants_own_email(draft):
    Application.objects.filter(pk=draft.pk).update(email="wang.jianguo@example.com")

    with pytest.raises(DomainError, match="不能是申报人本人的邮箱"):
        invite_referee(draft, by=draft.applicant, **referee_data(0, email="Wang.Jianguo@example.com"))


# --- Exactly three ------------------------------------------------------------------------------


def test_invite_referee_fills_three_slots_and_refuses_a_fourth(draft):
    invite_three(draft)

    with pytest.raises(DomainError, match="有且只有3位推荐专家"):
        invite_referee(draft, by=draft.applicant, **referee_data(3))

    assert list(Referee.objects.order_by("slot").values_list("slot", flat=True)) == [1, 2, 3]


def test_invite_referee_refuses_the_same_email_twice(draft):
    invite(draft, 0)

    with pytest.raises(DomainError, match="已在您的推荐专家名单中"):
        invite_referee(draft, by=draft.applicant, **referee_data(1, email="REFEREE0@example.com"))


def test_invite_referee_refuses_another_user_and_a_submitted_application(draft, applicant_b):
    with pytest.raises(PermissionDenied):
        invite_referee(draft, by=applicant_b, **referee_data(0))
    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    draft.refresh_from_db()

    with pytest.raises(DomainError, match="内容不能修改"):
        invite_referee(draft, by=draft.applicant, **referee_data(0))

    assert Referee.objects.count() == 0


def test_referees_missing_lists_what_submission_lacks(draft):
    assert referees_missing(draft) == ["还需邀请3位推荐专家（共需3位非本单位同行高级专家）。"]
    (first, token), (second, _), (third, _) = invite_three(draft)
    confirm_by_token(token, **confirm_data(0))
    Referee.objects.filter(pk=third.pk).update(token_expires_at=timezone.now() - timedelta(minutes=1))

    assert referees_missing(draft) == [
        "推荐专家2（周敏）尚未确认推荐。",
        "推荐专家3（吴海）的邀请链接已过期，请重新发送或更换。",
    ]


def test_referees_missing_is_empty_with_three_confirmed(draft):
    for n, (_, token) in enumerate(invite_three(draft)):
        confirm_by_token(token, **confirm_data(n))

    assert referees_missing(draft) == []


# --- The link: once, until it expires; resend and replace kill the old one -----------------


def test_confirm_by_token_records_the_letter_and_uses_the_link(draft):
    referee, token = invite(draft, 0)

    confirmed = confirm_by_token(token, **confirm_data(0, relationship="曾共同完成国家重点研发计划项目"))

    assert (confirmed.status, confirmed.relationship, confirmed.letter_name) == ("confirmed", "曾共同完成国家重点研发计划项目", "推荐信.pdf")
    assert len(confirmed.letter_sha256) == 64 and confirmed.letter.name.startswith(f"referees/{draft.round_id}/{draft.pk}/")
    assert referee_for_token(token) == LinkProblem(LINK_USED, "used")
    with pytest.raises(DomainError, match="该链接已使用"):
        confirm_by_token(token, **confirm_data(0))
    entry = AuditEntry.objects.filter(action="applicants.referee.confirmed").get()
    assert entry.actor_id is None and token not in str(entry.data) and referee.token_hash not in str(entry.data)


def test_an_expired_link_says_so(draft):
    referee, token = invite(draft, 0)
    Referee.objects.filter(pk=referee.pk).update(token_expires_at=timezone.now() - timedelta(seconds=1))

    assert referee_for_token(token) == LinkProblem(LINK_EXPIRED, "expired")
    with pytest.raises(DomainError, match="该链接已过期"):
        confirm_by_token(token, **confirm_data(0))


def test_the_link_expires_after_the_setting(draft, settings):
    settings.REFEREE_LINK_DAYS = 3

    referee, _ = invite(draft, 0)

    assert timedelta(days=3) - timedelta(seconds=5) < referee.token_expires_at - timezone.now() <= timedelta(days=3)


def test_resend_makes_the_old_link_dead(draft):
    referee, old = invite(draft, 0)
    Referee.objects.filter(pk=referee.pk).update(token_expires_at=timezone.now() - timedelta(days=1))

    sent(resend_invitation, referee, by=draft.applicant)
    new = mail.outbox[-1].body.split("/referee/")[1].split("/")[0]

    assert referee_for_token(old) == LinkProblem(LINK_INVALID, "invalid")
    assert referee_for_token(new).pk == referee.pk
    assert Referee.objects.get(pk=referee.pk).send_count == 2


def test_replace_puts_a_new_referee_in_the_slot_and_the_old_link_says_replaced(draft):
    referee, old = invite(draft, 1)

    successor = sent(replace_referee, referee, by=draft.applicant, **referee_data(4))

    assert (successor.slot, successor.name, successor.status) == (1, "冯军", "invited")
    assert Referee.objects.get(pk=referee.pk).status == "replaced"
    assert referee_for_token(old) == LinkProblem(LINK_REPLACED, "replaced")
    assert mail.outbox[-1].to == ["referee4@example.com"]


def test_replace_refuses_a_confirmed_referee(draft):
    referee, token = invite(draft, 0)
    confirm_by_token(token, **confirm_data(0))

    with pytest.raises(DomainError, match="已确认推荐，不能更换"):
        replace_referee(Referee.objects.get(pk=referee.pk), by=draft.applicant, **referee_data(4))


@pytest.mark.parametrize("token", ["", "x" * 101, "made-up-token", "../../etc/passwd"])
def test_a_bad_token_is_invalid(draft, token):
    invite(draft, 0)

    assert referee_for_token(token) == LinkProblem(LINK_INVALID, "invalid")


def test_a_link_of_a_submitted_application_cannot_confirm(draft):
    _, token = invite(draft, 0)
    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())

    assert referee_for_token(token).code == "closed"


# --- The letter: the evidence checks ------------------------------------------------------------


@pytest.mark.parametrize("content, name, code", [
    (ELF, "推荐信.pdf", "file_type"),
    (pdf_with_javascript(), "推荐信.pdf", "file_active_content"),
    (pixel_bomb_png(), "推荐信.png", "image_too_large"),
    (truncated_png(), "推荐信.png", "file_corrupt"),
    (b"", "推荐信.pdf", "file_empty"),
])
def test_confirm_refuses_hostile_letters(draft, content, name, code):
    _, token = invite(draft, 0)

    with pytest.raises(DomainError) as refused:
        confirm_by_token(token, **confirm_data(0, letter=upload(content, name=name)))

    assert refused.value.code == code
    assert Referee.objects.get().status == "invited"


def test_confirm_refuses_an_oversize_letter(draft, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 1000
    _, token = invite(draft, 0)

    with pytest.raises(DomainError) as refused:
        confirm_by_token(token, **confirm_data(0, letter=upload(pdf_bytes("Letter", padding=2000))))

    assert refused.value.code == "file_too_large"


def test_confirm_sanitises_a_hostile_letter_name(draft):
    _, token = invite(draft, 0)

    referee = confirm_by_token(token, **confirm_data(0, letter=upload(image_bytes("PNG"), name="../../\u202egnp.exe")))

    assert referee.letter_name == "gnp.exe.png" and referee.letter_content_type == "image/png"


def test_confirm_tells_the_applicant_how_many_have_confirmed(draft):
    from apps.notices.models import Notice

    (_, first), (_, second), _ = invite_three(draft)

    confirm_by_token(first, **confirm_data(0))
    confirm_by_token(second, **confirm_data(1))

    notices = list(Notice.objects.filter(recipient=draft.applicant, kind="referee.confirmed").order_by("pk").values_list("subject", "body"))
    assert [subject for subject, _ in notices] == ["推荐专家李强已确认推荐", "推荐专家周敏已确认推荐"]
    assert notices[1][1].endswith("目前已有 2 / 3 位推荐专家确认。") and first not in notices[0][1]
