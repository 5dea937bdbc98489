"""The round admin: programme staff edit indicators and advance phases through the services."""
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.models import AuditEntry
from apps.core.tests.html_text import visible_text
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Indicator, Round
from apps.rounds.readiness import UnitCounts
from apps.rounds.tests.factories import RoundFactory


def _change_form_data(round, weights=None, **fields):
    """What the round change form posts back unchanged, with `weights` {position: value} edited."""
    weights = weights or {}
    indicators = list(round.indicators.order_by("position"))
    data = {
        "year": round.year,
        "title": round.title,
        "national_target": round.national_target,
        "recommend_deadline_0": "", "recommend_deadline_1": "",
        "formal_review_deadline_0": "", "formal_review_deadline_1": "",
        "expert_review_deadline_0": "", "expert_review_deadline_1": "",
        "publicity_start": "",
        "publicity_end": "",
        "indicators-TOTAL_FORMS": len(indicators),
        "indicators-INITIAL_FORMS": len(indicators),
        "indicators-MIN_NUM_FORMS": 0,
        "indicators-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for index, indicator in enumerate(indicators):
        data[f"indicators-{index}-id"] = indicator.pk
        data[f"indicators-{index}-round"] = round.pk
        data[f"indicators-{index}-weight"] = weights.get(indicator.position, indicator.weight)
        data[f"indicators-{index}-max_score"] = indicator.max_score
    return data


def _messages(response):
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_round_change_page_opens_for_programme_staff_with_the_fifteen_indicators(client, round, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:rounds_round_change", args=[round.pk]))

    assert response.status_code == 200
    (formset,) = response.context["inline_admin_formsets"]
    assert [form.instance.position for form in formset.formset.forms] == list(range(1, 16))


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "expert"])
def test_round_change_page_sends_other_roles_to_the_admin_login(request, client, round, user):
    client.force_login(request.getfixturevalue(user))
    url = reverse("admin:rounds_round_change", args=[round.pk])

    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"{reverse('admin:login')}?next={url}")


@pytest.mark.django_db
def test_editing_an_indicator_weight_in_the_admin_goes_through_the_service(client, round, programme_staff):
    client.force_login(programme_staff)
    indicator = round.indicators.get(position=2)

    response = client.post(
        reverse("admin:rounds_round_change", args=[round.pk]), _change_form_data(round, weights={2: "1.50"})
    )

    assert (response.status_code, response.url) == (302, reverse("admin:rounds_round_changelist"))
    assert list(round.indicators.order_by("position").values_list("weight", flat=True)) == (
        [Decimal("1.00"), Decimal("1.50")] + [Decimal("1.00")] * 13
    )
    entry = AuditEntry.objects.get(action="rounds.indicator.changed")
    assert (entry.actor, entry.object_id, entry.data) == (
        programme_staff,
        str(indicator.pk),
        {"old": {"weight": "1.00", "max_score": "10.0"}, "new": {"weight": "1.50", "max_score": "10.0"}},
    )


@pytest.mark.django_db
def test_editing_a_round_in_the_admin_audits_the_changed_fields(client, round, programme_staff):
    client.force_login(programme_staff)

    client.post(reverse("admin:rounds_round_change", args=[round.pk]), _change_form_data(round, national_target=220))

    round.refresh_from_db()
    assert round.national_target == 220
    assert list(AuditEntry.objects.values_list("action", "actor", "data")) == [
        ("rounds.round.changed", programme_staff.pk, {"old": {"national_target": 200}, "new": {"national_target": 220}})
    ]


@pytest.mark.django_db
def test_adding_a_round_in_the_admin_creates_its_indicators(client, programme_staff):
    client.force_login(programme_staff)
    data = {
        "year": 2027, "title": "", "national_target": 200,
        "recommend_deadline_0": "", "recommend_deadline_1": "",
        "formal_review_deadline_0": "", "formal_review_deadline_1": "",
        "expert_review_deadline_0": "", "expert_review_deadline_1": "",
        "publicity_start": "", "publicity_end": "",
    }

    response = client.post(reverse("admin:rounds_round_add"), data)

    round = Round.objects.get()
    assert (response.status_code, round.year, round.status) == (302, 2027, RoundStatus.DRAFT)
    assert Indicator.objects.filter(round=round).count() == 15
    assert list(AuditEntry.objects.values_list("action", "actor")) == [("rounds.round.created", programme_staff.pk)]


def _advance_url(round):
    return reverse("admin:rounds_round_advance", args=[round.pk])


@pytest.mark.django_db
def test_admin_action_leads_to_the_confirmation_page_and_changes_nothing(client, round, programme_staff):
    client.force_login(programme_staff)

    response = client.post(
        reverse("admin:rounds_round_changelist"),
        {"action": "advance_to_next_phase", "_selected_action": [round.pk], "index": 0},
    )

    round.refresh_from_db()
    assert (response.status_code, response.url) == (302, _advance_url(round))
    assert (round.status, list(AuditEntry.objects.all())) == (RoundStatus.RECOMMENDING, [])


@pytest.mark.django_db
def test_admin_action_refuses_more_than_one_round_at_a_time(client, round, programme_staff):
    other = RoundFactory(year=2027, status=RoundStatus.DEPLOYED)
    client.force_login(programme_staff)

    response = client.post(
        reverse("admin:rounds_round_changelist"),
        {"action": "advance_to_next_phase", "_selected_action": [round.pk, other.pk], "index": 0},
        follow=True,
    )

    assert _messages(response) == [("warning", "请每次只选择一个遴选年度推进阶段。")]
    assert sorted(Round.objects.values_list("status", flat=True)) == [RoundStatus.DEPLOYED, RoundStatus.RECOMMENDING]


@pytest.mark.django_db
def test_confirmation_page_says_what_each_unit_still_has_in_hand(client, round, unit_a, unit_b, application_a, programme_staff):
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.DRAFT)
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.RETURNED)
    ApplicationFactory(round=round, unit=unit_b, status=ApplicationStatus.FORWARDED)
    ApplicationFactory(round=RoundFactory(year=2025), unit=unit_b, status=ApplicationStatus.DRAFT)  # another round
    client.force_login(programme_staff)

    response = client.get(_advance_url(round))

    round.refresh_from_db()
    assert (response.status_code, round.status) == (200, RoundStatus.RECOMMENDING)
    assert response.context["unit_counts"] == [
        UnitCounts("北京市总工会", unsubmitted=2, unforwarded=1, forwarded=0),
        UnitCounts("上海市总工会", unsubmitted=0, unforwarded=0, forwarded=1),
    ]
    text = visible_text(response).replace("\n", "")
    assert "将从“推荐中”推进到“评审中”阶段" in text
    assert "推荐阶段随之结束" in text
    assert "确认推进到“评审中”阶段" in text


@pytest.mark.django_db
def test_confirming_advances_the_round_one_phase_through_the_service(client, round, programme_staff):
    client.force_login(programme_staff)

    response = client.post(_advance_url(round), {"to": RoundStatus.REVIEWING}, follow=True)

    round.refresh_from_db()
    assert round.status == RoundStatus.REVIEWING
    assert _messages(response) == [("success", "2026年度大国工匠人才培养工程遴选已进入“评审中”阶段。")]
    assert list(AuditEntry.objects.values_list("action", "actor", "data")) == [
        ("rounds.round.reviewing", programme_staff.pk, {"previous": "recommending"})
    ]


@pytest.mark.django_db
def test_confirming_a_stale_page_twice_moves_only_once(client, round, programme_staff):
    client.force_login(programme_staff)
    client.post(_advance_url(round), {"to": RoundStatus.REVIEWING}, follow=True)

    response = client.post(_advance_url(round), {"to": RoundStatus.REVIEWING}, follow=True)

    round.refresh_from_db()
    assert round.status == RoundStatus.REVIEWING
    assert _messages(response) == [("error", "当前状态“评审中”不能变更为“评审中”。")]
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db
def test_confirmation_page_of_a_closed_round_offers_no_button(client, programme_staff):
    closed = RoundFactory(year=2020, status=RoundStatus.CLOSED)
    client.force_login(programme_staff)

    response = client.get(_advance_url(closed))

    text = visible_text(response)
    assert "已是最后阶段，无法继续推进" in text
    assert 'name="to"' not in response.content.decode()


@pytest.mark.django_db
def test_round_change_page_links_to_the_confirmation_and_the_office_desk(client, round, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:rounds_round_change", args=[round.pk]))

    content = response.content.decode()
    assert f'href="{_advance_url(round)}"' in content
    assert f'href="{reverse("rounds:dashboard")}"' in content
    assert "推进到“评审中”阶段…" in visible_text(response)


@pytest.mark.django_db
def test_round_change_page_links_to_the_office_quota_pages_and_shows_the_confirmation_read_only(client, round, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:rounds_round_change", args=[round.pk]))

    content = response.content.decode()
    assert f'href="{reverse("rounds:quotas", args=[round.pk])}"' in content
    assert f'href="{reverse("rounds:round-settings", args=[round.pk])}"' in content
    assert "推荐名额确认时间" in visible_text(response)
    assert 'name="quotas_confirmed_at"' not in content


@pytest.mark.django_db
def test_round_admin_offers_no_national_target_once_quotas_are_frozen(client, programme_staff):
    frozen = RoundFactory(status="reviewing", national_target=200)
    client.force_login(programme_staff)

    response = client.get(reverse("admin:rounds_round_change", args=[frozen.pk]))

    assert 'name="national_target"' not in response.content.decode()
