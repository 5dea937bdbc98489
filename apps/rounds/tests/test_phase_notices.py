"""The notices of each phase move (apps/rounds/phase_notices.py): exactly who hears, what they read,
once per event whatever the call path, mailed after commit, in a constant number of queries per audience."""
import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.notices.models import Notice
from apps.rounds import phase_notices
from apps.rounds.enums import RoundStatus
from apps.rounds.services import advance_round
from apps.rounds.tests.factories import QuotaFactory, RoundFactory, past_schedule
from apps.units.tests.factories import RecommendingUnitFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
TZ = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def people(unit_a, unit_b, unit_staff_a, unit_staff_b, applicant_a, applicant_b, expert, programme_staff):
    """Everyone the notices could reach, and some they must not: inactive staff, a closed unit's staff."""
    closed_unit = RecommendingUnitFactory(name="已撤销的推荐单位", is_active=False)
    return {
        "inactive_staff": UnitStaffFactory(unit=unit_a, is_active=False),
        "closed_units_staff": UnitStaffFactory(unit=closed_unit),
        "inactive_applicant": UserFactory(role=Role.APPLICANT, is_active=False),
        "closed_unit": closed_unit,
    }


def _draft(**extra):
    schedule = {
        "recommend_deadline": datetime.datetime(2026, 12, 31, 17, 0, tzinfo=TZ),
        "formal_review_deadline": datetime.datetime(2027, 1, 20, 17, 0, tzinfo=TZ),
        "expert_review_deadline": datetime.datetime(2027, 2, 14, 9, 30, tzinfo=TZ),
        "publicity_start": datetime.date(2027, 3, 1),
        "publicity_end": datetime.date(2027, 3, 7),
    }
    fields = {"year": 2026, "status": RoundStatus.DRAFT, "quotas_confirmed_at": timezone.now(), **schedule, **extra}
    return RoundFactory(**fields)


def _recipients(round, status):
    return set(Notice.objects.filter(event_key=f"round:{round.pk}:{status}").values_list("recipient__username", flat=True))


def test_deployment_tells_each_active_units_staff_their_own_quota_timeline_and_requirements(
    people, unit_a, unit_b, unit_staff_a, unit_staff_b, programme_staff
):
    round = _draft()
    QuotaFactory(round=round, unit=unit_a, places=7)
    QuotaFactory(round=round, unit=unit_b, places=4)
    QuotaFactory(round=round, unit=people["closed_unit"], places=0)

    advance_round(round, RoundStatus.DEPLOYED, by=programme_staff)

    notices = {notice.recipient.username: notice for notice in Notice.objects.select_related("recipient")}
    assert set(notices) == {"unit_a", "unit_b"}
    a, b = notices["unit_a"], notices["unit_b"]
    assert (a.kind, a.event_key, a.subject) == ("round.deployed", f"round:{round.pk}:deployed", "关于开展2026年度大国工匠人才培养工程遴选工作的通知")
    assert a.body.startswith("北京市总工会：\n中华全国总工会现部署2026年度大国工匠人才培养工程遴选工作。本年度全国培育目标 200 人，贵单位推荐名额为 7 名（按每个培育名额推荐 1.5 人计算）。")
    assert "贵单位推荐名额为 4 名" in b.body and b.body.startswith("上海市总工会：")
    assert "· 推荐截止时间：2026年12月31日 17:00\n· 形式审查截止时间：2027年1月20日 17:00\n· 专家评审截止时间：2027年2月14日 09:30" in a.body
    assert "· 公示开始日期：2027年3月1日\n· 公示结束日期：2027年3月7日" in a.body
    assert "3位非本单位同行高级专家推荐" in a.body and "兼顾行业、性别" in a.body and "不超过本单位推荐名额" in a.body
    assert (a.link, a.object_type) == (reverse("units:dashboard"), "rounds.quota")


@pytest.mark.parametrize(
    ("source", "to", "expected"),
    [
        (RoundStatus.DEPLOYED, RoundStatus.RECOMMENDING, {"unit_a", "unit_b", "applicant_a", "applicant_b", "forwarded", "rejected"}),
        (RoundStatus.RECOMMENDING, RoundStatus.REVIEWING, {"unit_a", "unit_b", "forwarded"}),
        (RoundStatus.REVIEWING, RoundStatus.PUBLICITY, {"unit_a", "unit_b", "forwarded"}),
        (RoundStatus.PUBLICITY, RoundStatus.PUBLISHED, {"unit_a", "unit_b", "forwarded"}),
        (RoundStatus.PUBLISHED, RoundStatus.CLOSED, {"unit_a", "unit_b"}),
    ],
)
def test_each_phase_tells_exactly_those_concerned(people, unit_a, programme_staff, source, to, expected):
    round = RoundFactory(year=2026, status=source, **past_schedule())
    ApplicationFactory(round=round, unit=unit_a, applicant=UserFactory(username="forwarded", role=Role.APPLICANT), status=S.FORWARDED)
    ApplicationFactory(round=round, unit=unit_a, applicant=UserFactory(username="rejected", role=Role.APPLICANT), status=S.UNIT_REJECTED)
    ApplicationFactory(round=RoundFactory(year=2025), unit=unit_a, applicant=people["inactive_applicant"], status=S.FORWARDED)

    advance_round(round, to, by=programme_staff)

    assert _recipients(round, to) == expected
    assert set(Notice.objects.values_list("kind", flat=True)) == {"round.phase"}


def test_the_phase_notice_says_what_it_means_for_each_audience_and_its_deadline(people, applicant_a, unit_staff_a, programme_staff):
    round = _draft(status=RoundStatus.DEPLOYED)

    advance_round(round, RoundStatus.RECOMMENDING, by=programme_staff)

    to_applicant = Notice.objects.get(recipient=applicant_a)
    to_unit = Notice.objects.get(recipient=unit_staff_a)
    assert to_applicant.subject == "2026年度大国工匠人才培养工程遴选已进入“推荐中”阶段"
    assert "请在推荐截止时间前登录平台填写并提交申报材料" in to_applicant.body
    assert "按推荐名额择优排序，并在推荐截止时间前推荐报送" in to_unit.body
    assert to_applicant.body.endswith("\n推荐截止时间：2026年12月31日 17:00。")


def test_a_second_call_path_for_the_same_move_tells_no_one_twice(people, unit_a, unit_staff_a, programme_staff):
    round = _draft()
    QuotaFactory(round=round, unit=unit_a, places=3)
    advance_round(round, RoundStatus.DEPLOYED, by=programme_staff)
    round.refresh_from_db()

    again = phase_notices.queue_phase_notices(round)  # a retried task, a re-run seed: the same event

    assert again == []
    assert Notice.objects.filter(recipient=unit_staff_a).count() == 1


def test_notices_are_mailed_after_commit(people, unit_a, unit_staff_a, programme_staff, eager_tasks, django_capture_on_commit_callbacks):
    unit_staff_a.email = "zhangwei@example.com"
    unit_staff_a.save(update_fields=["email"])
    round = _draft()
    QuotaFactory(round=round, unit=unit_a, places=3)

    with django_capture_on_commit_callbacks(execute=True):
        advance_round(round, RoundStatus.DEPLOYED, by=programme_staff)
        assert mail.outbox == []

    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["zhangwei@example.com"], "关于开展2026年度大国工匠人才培养工程遴选工作的通知")
    ]
    assert "贵单位推荐名额为 3 名" in mail.outbox[0].body


def _queries_to_deploy(units, staff_per_unit):
    round = _draft(year=2040 + units * 10 + staff_per_unit)
    for _ in range(units):
        unit = RecommendingUnitFactory()
        QuotaFactory(round=round, unit=unit, places=2)
        UnitStaffFactory.create_batch(staff_per_unit, unit=unit)
    round.status = RoundStatus.DEPLOYED
    with CaptureQueriesContext(connection) as queries:
        phase_notices.queue_phase_notices(round)
    assert Notice.objects.filter(event_key=f"round:{round.pk}:deployed").count() == units * staff_per_unit
    return len(queries)


def test_the_deployment_fan_out_costs_no_query_per_recipient_and_five_per_unit():
    # Two queries to read the quotas and the staff; per unit: who already heard, the editable template, one INSERT.
    assert _queries_to_deploy(4, 1) == _queries_to_deploy(4, 6) == 2 + 5 * 4  # per unit 5 since the savepointed insert (reminders)
    assert _queries_to_deploy(8, 2) == 2 + 5 * 8


def test_a_phase_fan_out_costs_the_same_queries_for_ten_or_sixty_applicants(unit_a, unit_staff_a):
    counts = []
    for year, more_applicants in ((2050, 10), (2051, 50)):  # 10 applicants, then 60
        round = RoundFactory(year=year, status=RoundStatus.RECOMMENDING)
        UserFactory.create_batch(more_applicants, role=Role.APPLICANT)
        with CaptureQueriesContext(connection) as queries:
            phase_notices.queue_phase_notices(round)
        counts.append(len(queries))

    assert Notice.objects.filter(event_key__endswith=":recommending").count() == (10 + 1) + (60 + 1)
    assert counts[0] == counts[1] == 2 * 6  # per audience: the recipients, who already heard, the template, one INSERT
