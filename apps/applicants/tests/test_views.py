"""The application pages: who sees what, and the status change form."""
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.applicants.completeness import checklist
from apps.applicants.tests.complete import complete_application
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.models import AuditEntry
from apps.rounds.tests.factories import RoundFactory

S = ApplicationStatus

# (user, status of application A) -> (HTTP status, the moves the page offers). Round A is recommending.
DETAIL_MATRIX = [
    ("applicant_a", S.DRAFT, 200, [S.SUBMITTED, S.WITHDRAWN]),
    ("applicant_a", S.SUBMITTED, 200, [S.WITHDRAWN]),
    ("applicant_a", S.FORWARDED, 200, [S.WITHDRAWN]),
    ("unit_staff_a", S.DRAFT, 404, None),
    ("unit_staff_a", S.SUBMITTED, 200, [S.RETURNED, S.UNIT_REJECTED, S.FORWARDED]),
    ("unit_staff_a", S.FORWARDED, 200, [S.SUBMITTED]),  # the unit's recall of its forward
    ("programme_staff", S.DRAFT, 404, None),
    ("programme_staff", S.SUBMITTED, 404, None),
    ("programme_staff", S.FORWARDED, 200, []),
    ("superuser", S.SUBMITTED, 404, None),
    ("superuser", S.FORWARDED, 200, []),
    ("applicant_b", S.SUBMITTED, 404, None),
    ("applicant_b", S.FORWARDED, 404, None),
    ("unit_staff_b", S.SUBMITTED, 404, None),
    ("unit_staff_b", S.FORWARDED, 404, None),
    ("expert", S.SUBMITTED, 404, None),
    ("expert", S.FORWARDED, 404, None),
]


def _messages(response):
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def _state(application):
    return Application.objects.values("status", "status_reason", "submitted_at", "updated_at").get(pk=application.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "status", "http_status", "moves"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in DETAIL_MATRIX],
)
def test_application_detail_permission_matrix(
    request, client, round, unit_a, applicant_a, user, status, http_status, moves
):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=status)
    client.force_login(request.getfixturevalue(user))

    response = client.get(reverse("applicants:detail", args=[application.pk]))

    assert response.status_code == http_status
    if http_status == 200:
        assert response.context["application"] == application
        assert [move.to for move in response.context["moves"]] == moves


@pytest.mark.django_db
def test_application_detail_redirects_anonymous_users_to_login(client, application_a):
    url = reverse("applicants:detail", args=[application_a.pk])

    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"{reverse('accounts:login')}?next={url}")


def _history(response):
    return [(item.label, item.actor, item.reason) for item in response.context["history"]]


@pytest.fixture
def returned_and_resubmitted(client, application_a, unit_staff_a):
    """Unit A returns application A with a reason, the applicant resubmits, unit A forwards it with an opinion."""
    complete_application(application_a)
    client.force_login(unit_staff_a)
    client.post(reverse("applicants:change-status", args=[application_a.pk]), {"to": "returned", "reason": "缺少证书"})
    client.force_login(application_a.applicant)
    version = checklist(Application.objects.get(pk=application_a.pk)).version
    client.post(reverse("applicants:submit", args=[application_a.pk]), {"version": version})
    client.force_login(unit_staff_a)
    client.post(reverse("units:forward", args=[application_a.pk]), {"opinion": "同意推荐", "political_quality": "on", "craftsman_spirit": "on"})
    client.logout()
    return application_a


@pytest.mark.django_db
def test_the_applicant_reads_a_labelled_history_without_usernames_or_internal_opinions(client, returned_and_resubmitted):
    client.force_login(returned_and_resubmitted.applicant)

    response = client.get(reverse("applicants:detail", args=[returned_and_resubmitted.pk]))

    assert _history(response) == [
        ("推荐报送", "推荐单位工作人员", ""),
        ("提交申报", "本人", ""),
        ("退回修改", "推荐单位工作人员", "缺少证书"),
    ]
    assert "unit_a" not in response.content.decode()


@pytest.mark.django_db
def test_the_unit_reads_its_opinion_and_roles_not_usernames(client, returned_and_resubmitted, unit_staff_a):
    client.force_login(unit_staff_a)

    response = client.get(reverse("applicants:detail", args=[returned_and_resubmitted.pk]))

    assert _history(response) == [
        ("推荐报送", "推荐单位工作人员", "同意推荐"),
        ("提交申报", "申报人", ""),
        ("退回修改", "推荐单位工作人员", "缺少证书"),
    ]


@pytest.mark.django_db
def test_the_office_reads_every_event_with_usernames(client, returned_and_resubmitted, unit_staff_a, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("applicants:detail", args=[returned_and_resubmitted.pk]))

    applicant = returned_and_resubmitted.applicant.username
    assert _history(response) == [
        ("推荐报送", unit_staff_a.username, "同意推荐"),
        ("提交申报", applicant, ""),
        ("退回修改", unit_staff_a.username, "缺少证书"),
    ]


@pytest.mark.django_db
def test_the_history_never_shows_an_unknown_event(client, application_a, applicant_a):
    from apps.core import audit

    audit.record(None, "applicants.application.something_new", application_a, reason="内部")
    audit.record(applicant_a, "applicants.application.withdrawn", application_a, previous="submitted", reason="")
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:detail", args=[application_a.pk]))

    assert _history(response) == [("撤回申报", "本人", "")]


@pytest.mark.django_db
def test_the_history_keeps_internal_deliberations_from_the_applicant(client, application_a, applicant_a, programme_staff):
    from apps.core import audit

    audit.record(programme_staff, "applicants.application.proposed", application_a, previous="under_review", reason="")
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:detail", args=[application_a.pk]))

    assert _history(response) == []


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_application_detail_query_count(client, application_a, unit_staff_a, count, django_assert_num_queries):
    from apps.core import audit

    for _ in range(count):
        audit.record(unit_staff_a, "applicants.application.returned", application_a, previous="submitted", reason="缺少证书")
    client.force_login(unit_staff_a)

    # 5, plus 3 for the statement and evidence section and the checklist (indicators, answers, files:
    # test_evidence_views.py), plus 1 for the unit's recommendation form panel (its latest and latest ready
    # form: apps.units.views_forms), plus 1 for the versions list and 1 for the live referees (test_submission.py)
    with django_assert_num_queries(11):
        response = client.get(reverse("applicants:detail", args=[application_a.pk]))

    assert len(response.context["history"]) == count


@pytest.mark.django_db
def test_forward_view_forwards_and_redirects_with_a_success_message(client, application_a, unit_staff_a):
    client.force_login(unit_staff_a)
    detail_url = reverse("applicants:detail", args=[application_a.pk])

    response = client.post(reverse("units:forward", args=[application_a.pk]), {"opinion": "同意推荐", "political_quality": "on", "craftsman_spirit": "on"}, follow=True)

    assert response.redirect_chain == [(detail_url, 302)]
    assert _messages(response) == [("success", "已推荐报送。")]
    application_a.refresh_from_db()
    assert (application_a.status, application_a.status_reason) == (S.FORWARDED, "同意推荐")
    assert list(AuditEntry.objects.values_list("action", "actor")) == [("applicants.application.forwarded", unit_staff_a.pk)]


@pytest.mark.django_db
def test_the_detail_page_posts_guarded_moves_to_their_named_actions(client, application_a, unit_staff_a):
    client.force_login(unit_staff_a)

    response = client.get(reverse("applicants:detail", args=[application_a.pk]))

    html = response.content.decode()
    assert f'action="{reverse("units:forward", args=[application_a.pk])}"' in html
    assert 'name="opinion"' in html
    assert 'name="political_quality"' in html and 'name="craftsman_spirit"' in html
    # Return and reject go to the unit's own pages (the same move, the same service checks).
    assert f'action="{reverse("units:return", args=[application_a.pk])}"' in html
    assert f'action="{reverse("units:reject", args=[application_a.pk])}"' in html
    assert f'action="{reverse("applicants:change-status", args=[application_a.pk])}"' not in html


@pytest.mark.django_db
def test_change_status_view_returns_and_redirects_with_a_success_message(client, application_a, unit_staff_a):
    client.force_login(unit_staff_a)
    detail_url = reverse("applicants:detail", args=[application_a.pk])

    response = client.post(reverse("applicants:change-status", args=[application_a.pk]), {"to": "returned", "reason": "缺少证书"}, follow=True)

    assert response.redirect_chain == [(detail_url, 302)]
    assert _messages(response) == [("success", "已变更为“已退回修改”。")]
    application_a.refresh_from_db()
    assert application_a.status == S.RETURNED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"to": "under_review"}, "当前状态“已提交”不能变更为“专家评审中”。", id="not-in-table"),
        pytest.param({"to": "returned", "reason": "  "}, "变更为“已退回修改”须填写原因。", id="reason-missing"),
        pytest.param({"to": "flying"}, "目标状态无效。", id="unknown-status"),
        pytest.param({}, "该字段是必填项。", id="no-status"),
    ],
)
def test_change_status_view_shows_the_refusal_and_changes_nothing(client, application_a, unit_staff_a, data, message):
    client.force_login(unit_staff_a)
    state_before = _state(application_a)

    response = client.post(reverse("applicants:change-status", args=[application_a.pk]), data)

    assert (response.status_code, response.url) == (302, reverse("applicants:detail", args=[application_a.pk]))
    assert _messages(response) == [("error", message)]
    assert _state(application_a) == state_before
    assert list(AuditEntry.objects.all()) == []


@pytest.mark.django_db
def test_change_status_view_refuses_the_wrong_actor_with_403(client, application_a, applicant_a):
    client.force_login(applicant_a)
    state_before = _state(application_a)

    response = client.post(reverse("applicants:change-status", args=[application_a.pk]), {"to": "forwarded"})

    assert response.status_code == 403
    assert _state(application_a) == state_before
    assert list(AuditEntry.objects.all()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_b", "unit_staff_b", "expert", "programme_staff"])
def test_change_status_view_hides_applications_out_of_reach(request, client, application_a, user):
    client.force_login(request.getfixturevalue(user))
    state_before = _state(application_a)

    response = client.post(reverse("applicants:change-status", args=[application_a.pk]), {"to": "withdrawn"})

    assert response.status_code == 404
    assert _state(application_a) == state_before
    assert list(AuditEntry.objects.all()) == []


@pytest.mark.django_db
def test_change_status_view_refuses_get(client, application_a, unit_staff_a):
    client.force_login(unit_staff_a)

    response = client.get(reverse("applicants:change-status", args=[application_a.pk]), {"to": "forwarded"})

    assert response.status_code == 405
    application_a.refresh_from_db()
    assert application_a.status == S.SUBMITTED


@pytest.mark.django_db
def test_applicant_dashboard_lists_only_own_applications_newest_round_first(client, round, applicant_a, application_a, application_b):
    earlier = ApplicationFactory(round=RoundFactory(year=2025), applicant=applicant_a, status=S.PUBLISHED)
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:dashboard"))

    assert list(response.context["page"].object_list) == [application_a, earlier]


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["unit_staff_a", "expert", "programme_staff"])
def test_applicant_dashboard_refuses_other_roles(request, client, round, user):
    client.force_login(request.getfixturevalue(user))

    response = client.get(reverse("applicants:dashboard"))

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_applicant_dashboard_query_count(client, applicant_a, unit_a, count, django_assert_num_queries):
    for year in range(2026, 2026 + count):
        ApplicationFactory(round=RoundFactory(year=year), applicant=applicant_a, unit=unit_a, status=S.SUBMITTED)
    client.force_login(applicant_a)

    # Session, user, round (with the unread-notice badge and the desk's data version), this round's application
    # (whose checklist joins the version while it is editable), every application of the applicant (no COUNT).
    with django_assert_num_queries(5):
        response = client.get(reverse("applicants:dashboard"))

    assert len(response.context["page"].object_list) == count


@pytest.mark.django_db
def test_unit_dashboard_lists_the_units_submitted_applications(client, round, unit_a, unit_staff_a, application_a, application_b):
    ApplicationFactory(round=round, unit=unit_a, status=S.DRAFT)
    forwarded = ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    client.force_login(unit_staff_a)

    response = client.get(reverse("units:dashboard"))

    assert sorted(application.pk for application in response.context["page"].object_list) == [
        application_a.pk, forwarded.pk
    ]
    assert response.context["status_rows"] == [(S.SUBMITTED, 1), (S.FORWARDED, 1)]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_unit_dashboard_query_count(client, round, unit_a, unit_staff_a, count, django_assert_num_queries):
    ApplicationFactory.create_batch(count, round=round, unit=unit_a, status=S.SUBMITTED)
    client.force_login(unit_staff_a)

    # Session, user, the round with the unit's quota places, the unread-notice badge and the desk's data
    # version, the unit, the counts by status (the paginator's count too: no COUNT of its own; the places
    # used), the page's rows.
    with django_assert_num_queries(6):
        response = client.get(reverse("units:dashboard"))

    assert len(response.context["page"].object_list) == count


@pytest.mark.django_db
def test_status_label_is_what_get_status_display_says():
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.models import Application

    for status in ApplicationStatus:
        assert Application(status=status).status_label == Application(status=status).get_status_display() == status.label
    assert Application(status="unknown").status_label == Application(status="unknown").get_status_display() == "unknown"
