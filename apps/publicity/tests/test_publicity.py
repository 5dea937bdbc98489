"""Publicity: working days across holidays and in-lieu days, opening it, the public list (private data
never shown; cacheable; constant queries), summaries, the calendar, and the office's page."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError
from apps.core.models import AuditEntry
from apps.core.validators import resident_id_check_char
from apps.notices.models import Notice
from apps.publicity import calendar, services
from apps.publicity.models import CalendarDay, DayKind, Publicity
from apps.rounds.enums import RoundStatus
from tests.querycount import assert_query_count_constant

D = datetime.date


@pytest.fixture(autouse=True)
def library_days(db):
    """The library's days, as the data migration loads them (a transactional test elsewhere may have flushed them)."""
    calendar.load_library_days()


# --- Working days -----------------------------------------------------------------------------


def test_the_library_calendar_holds_the_holidays_and_in_lieu_days():
    national_day = CalendarDay.objects.get(date=D(2026, 10, 1))
    in_lieu = CalendarDay.objects.get(date=D(2026, 10, 10))  # a Saturday worked for the National Day week

    assert (national_day.kind, national_day.name, in_lieu.kind) == (DayKind.HOLIDAY, "国庆节", DayKind.WORKDAY)


@pytest.mark.parametrize(
    ("start", "count", "last"),
    [
        (D(2026, 6, 1), 5, D(2026, 6, 5)),  # Monday to Friday, no holiday
        (D(2026, 6, 4), 5, D(2026, 6, 10)),  # over a weekend
        (D(2026, 6, 6), 1, D(2026, 6, 8)),  # a Saturday start counts from Monday
        # Over the National Day holiday (Oct 1-7 off; Saturday Oct 10 worked in lieu):
        # Sep 29 (Tue), Sep 30 (Wed), Oct 8 (Thu), Oct 9 (Fri), Oct 10 (Sat, in lieu).
        (D(2026, 9, 29), 5, D(2026, 10, 10)),
    ],
)
@pytest.mark.django_db
def test_nth_working_day_skips_weekends_and_holidays_and_counts_in_lieu_days(start, count, last):
    assert calendar.nth_working_day(start, count) == last


@pytest.mark.django_db
def test_an_in_lieu_saturday_is_a_working_day_and_a_weekday_holiday_is_not():
    exceptions = calendar.exceptions_between(D(2026, 9, 1), D(2026, 10, 31))

    assert (
        calendar.is_working_day(D(2026, 9, 20), exceptions),  # Sunday worked in lieu
        calendar.is_working_day(D(2026, 10, 1), exceptions),  # Thursday, National Day
        calendar.is_working_day(D(2026, 9, 19), exceptions),  # an ordinary Saturday
    ) == (True, False, False)


@pytest.mark.django_db
def test_the_offices_calendar_day_changes_the_count(programme_staff):
    services.set_calendar_day(by=programme_staff, date=D(2027, 6, 3), kind=DayKind.HOLIDAY, name="测试假日")

    assert calendar.nth_working_day(D(2027, 6, 1), 5) == D(2027, 6, 8)  # Jun 1, 2, 4, 7, 8
    assert AuditEntry.objects.filter(action="publicity.calendarday.set").count() == 1


@pytest.mark.django_db
def test_publicity_end_is_the_last_working_day_at_five_pm():
    end = calendar.publicity_end(D(2026, 6, 1), 5)

    assert timezone.localtime(end).strftime("%Y-%m-%d %H:%M") == "2026-06-05 17:00"


@pytest.mark.django_db
def test_loading_the_library_again_adds_nothing_and_keeps_the_offices_rows(programme_staff):
    services.set_calendar_day(by=programme_staff, date=D(2026, 10, 1), kind=DayKind.WORKDAY, name="更正")

    added = calendar.load_library_days()

    assert (added, CalendarDay.objects.get(date=D(2026, 10, 1)).kind) == (0, DayKind.WORKDAY)


# --- Opening -----------------------------------------------------------------------------------


def _approved(round, unit, name, n):
    first17 = f"11010519800501{n:03d}"
    return ApplicationFactory(
        round=round, unit=unit, status=S.APPROVED, full_name=name, gender="F" if n % 2 else "M", post="数控车工",
        employer_name="北京精密机械有限公司", birth_date=D(1980, 5, 1), resident_id=first17 + resident_id_check_char(first17),
        mobile="13800138000", titles_held="全国五一劳动奖章", competition_placings="全国数控技能大赛一等奖",
    )


@pytest.fixture
def in_publicity_phase(round):
    round.status = RoundStatus.PUBLICITY
    round.save(update_fields=["status"])
    return round


@pytest.fixture
def approved(in_publicity_phase, unit_a):
    return [_approved(in_publicity_phase, unit_a, name, n) for n, name in enumerate(["王建国", "李秀英"], start=1)]


@pytest.fixture
def opened(in_publicity_phase, approved, programme_staff):
    return services.open_publicity(in_publicity_phase, by=programme_staff, starts_on=timezone.localdate(), working_days=5)


def test_opening_puts_every_approved_candidate_in_publicity_and_notifies_them(opened, approved):
    statuses = {application.pk: application.status for application in opened.round.applications.all()}

    assert statuses == {application.pk: S.IN_PUBLICITY for application in approved}
    assert [entry.summary for entry in opened.entries.all()] == ["全国五一劳动奖章；全国数控技能大赛一等奖"] * 2
    assert Notice.objects.filter(recipient__in=[a.applicant for a in approved]).count() == 2
    entry = AuditEntry.objects.get(action="publicity.publicity.opened")
    assert (entry.data["working_days"], entry.data["count"]) == (5, 2)


def test_opening_twice_is_refused(opened, programme_staff):
    with pytest.raises(DomainError, match="已发布公示"):
        services.open_publicity(opened.round, by=programme_staff, starts_on=timezone.localdate())


@pytest.mark.parametrize(
    ("change", "message"),
    [("phase", "进入“公示中”阶段后"), ("past", "不能早于今天"), ("days", "1 至 30 个工作日"), ("none", "没有党组审议通过的人选")],
)
def test_opening_is_refused_with_its_reason_and_changes_nothing(round, unit_a, programme_staff, change, message):
    round.status = RoundStatus.REVIEWING if change == "phase" else RoundStatus.PUBLICITY
    round.save(update_fields=["status"])
    if change != "none":
        _approved(round, unit_a, "王建国", 1)
    starts_on = timezone.localdate() - datetime.timedelta(days=1) if change == "past" else timezone.localdate()

    with pytest.raises(DomainError, match=message):
        services.open_publicity(round, by=programme_staff, starts_on=starts_on, working_days=31 if change == "days" else 5)

    assert (Publicity.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_only_the_office_opens_publicity(in_publicity_phase, approved, unit_staff_a):
    with pytest.raises(PermissionDenied):
        services.open_publicity(in_publicity_phase, by=unit_staff_a, starts_on=timezone.localdate())


# --- The public list ---------------------------------------------------------------------------


def test_the_public_list_shows_what_a_notice_shows_and_nothing_private(client, opened, approved):
    response = client.get(reverse("publicity:public-list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert ("王建国" in html, "李秀英" in html, "北京精密机械有限公司" in html, "数控车工" in html, "北京市总工会" in html) == (True,) * 5
    for application in approved:
        assert application.resident_id not in html
        assert application.resident_id[-4:] + "<" not in html
    assert ("13800138000" in html, "138****8000" in html, "1980" in html, "/evidence/" in html, "/media/" in html) == (False,) * 5
    assert "异议受理截止时间：" in html


def test_the_public_list_says_until_when_to_the_minute(client, opened):
    response = client.get(reverse("publicity:public-list-year", args=[opened.round.year]))

    assert timezone.localtime(opened.ends_at).strftime("%Y年%-m月%-d日 %H:%M") in response.content.decode()


def test_a_candidate_whose_status_left_publicity_is_off_the_list_at_once(client, opened, approved, programme_staff):
    client.get(reverse("publicity:public-list"))  # cached now
    from apps.applicants.services import apply_move

    # The move alone, as concluding an objection upheld makes it (apps/publicity/tests/test_objections.py).
    apply_move(approved[0], S.OBJECTION_UPHELD, by=programme_staff, reason="经核实存在弄虚作假", via="uphold_objection")

    html = client.get(reverse("publicity:public-list")).content.decode()
    assert ("王建国" in html, "李秀英" in html) == (False, True)


def test_the_public_list_is_cacheable_and_answers_a_repeat_visitor_with_304(client, opened):
    first = client.get(reverse("publicity:public-list"))
    again = client.get(reverse("publicity:public-list"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert (again.status_code, again["ETag"]) == (304, first["ETag"])


def test_a_signed_in_visitor_gets_a_private_uncached_answer(client, opened, applicant_a):
    client.force_login(applicant_a)

    response = client.get(reverse("publicity:public-list"))

    assert ("no-store" in response["Cache-Control"], "ETag" in response) == (True, False)


def test_the_public_list_runs_the_same_queries_for_two_and_twenty_candidates(client, in_publicity_phase, unit_a, programme_staff):
    made = []

    def grow(n):
        for _ in range(n):
            made.append(_approved(in_publicity_phase, unit_a, f"人选{len(made)}", len(made) + 1))
        if not Publicity.objects.exists():
            services.open_publicity(in_publicity_phase, by=programme_staff, starts_on=timezone.localdate())
        else:  # later candidates join the open list as the service would have put them
            from apps.publicity.models import PublicityEntry

            publicity = Publicity.objects.get()
            for application in made:
                if not hasattr(application, "publicity_entry") and not PublicityEntry.objects.filter(application=application).exists():
                    PublicityEntry.objects.create(publicity=publicity, application=application, position=len(made) + application.pk, summary="事迹")
                    type(application).objects.filter(pk=application.pk).update(status=S.IN_PUBLICITY)

    count = assert_query_count_constant(client, reverse("publicity:public-list"), grow, sizes=(2, 20), expected=PUBLIC_QUERIES, warm_up=False)
    assert count == PUBLIC_QUERIES


PUBLIC_QUERIES = 3  # the publicity, its list version, the entries (a cache miss each time the list changed)


def test_no_publicity_yet_shows_an_empty_state(client, db):
    response = client.get(reverse("publicity:public-list"))

    assert (response.status_code, "目前没有正在公示或已公示的名单" in response.content.decode()) == (200, True)


# --- Summaries and the office's page -------------------------------------------------------------


def test_the_office_edits_a_summary_and_the_public_list_shows_it(client, opened, programme_staff):
    entry = opened.entries.first()
    client.get(reverse("publicity:public-list"))  # cached
    client.force_login(programme_staff)

    response = client.post(reverse("publicity:office-summary", args=[entry.pk]), {"summary": "攻克航空发动机叶片加工难题"})
    client.logout()

    assert response.status_code == 302
    assert "攻克航空发动机叶片加工难题" in client.get(reverse("publicity:public-list")).content.decode()


@pytest.mark.parametrize(("text", "message"), [("", "请填写"), ("字" * 301, "不超过300字"), ("a\x07b", "控制字符")])
def test_a_bad_summary_is_refused_and_changes_nothing(opened, programme_staff, text, message):
    entry = opened.entries.first()
    before = entry.summary

    with pytest.raises(DomainError, match=message):
        services.update_summary(entry, by=programme_staff, summary=text)

    entry.refresh_from_db()
    assert entry.summary == before


def test_the_office_page_previews_the_end_then_opens(client, in_publicity_phase, approved, programme_staff):
    client.force_login(programme_staff)
    url = reverse("publicity:office", args=[in_publicity_phase.pk])
    data = {"starts_on": "2099-06-01", "working_days": "5", "contact": "请通过本页面提出异议。"}

    preview = client.post(url, data)
    opened = client.post(url, {**data, "confirm": "yes"})

    assert "公示将于 <strong>2099年6月5日 17:00</strong> 截止" in preview.content.decode()
    assert (opened.status_code, Publicity.objects.get().working_days) == (302, 5)


def test_the_office_page_refuses_a_bad_form_with_400(client, in_publicity_phase, approved, programme_staff):
    client.force_login(programme_staff)

    response = client.post(reverse("publicity:office", args=[in_publicity_phase.pk]), {"starts_on": "不是日期", "working_days": "0", "contact": "x"})

    assert (response.status_code, Publicity.objects.count()) == (400, 0)
    assert "请填写有效的日期。" in response.content.decode()
