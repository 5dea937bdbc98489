"""The audit admin in words: event labels, actor names, object names, readable masked data, filters;
third-party sections for the superuser only."""
import re

import pytest
from django.urls import reverse

from apps.applicants.enums import ApplicationStatus
from apps.units.services import forward_application
from apps.units.tests.factories import RECOMMENDATION
from apps.core import audit
from apps.core.selectors import history_of
from apps.core.tests.html_text import visible_text

CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")  # a dotted audit action such as rounds.round.changed
RAW_JSON = re.compile(r"[{\[]\s*\"")


@pytest.fixture
def entries(round, application_a, unit_staff_a, programme_staff):
    """A forwarding by unit A's staff (through the service) and a settings edit by the office."""
    forwarded = forward_application(application_a, by=unit_staff_a, **RECOMMENDATION)
    edit = audit.record(
        programme_staff, "rounds.round.changed", round, old={"national_target": 200}, new={"national_target": 220}
    )
    return forwarded, edit


def _changelist(client, user, **params):
    client.force_login(user)
    return client.get(reverse("admin:core_auditentry_changelist"), params)


def test_audit_list_shows_labels_and_names_not_codes_json_or_ids(client, programme_staff, entries):
    forwarded, _ = entries

    response = _changelist(client, programme_staff)

    text = visible_text(response)
    assert response.status_code == 200
    assert ("推荐报送" in text, "修改遴选年度设置" in text, "王建国（2026年度申报）" in text) == (True, True, True)
    assert ("张伟" in text, "赵敏" in text, "unit_a" in text) == (True, True, False)
    assert ("申报" in text, "遴选年度" in text) == (True, True)  # object types by their Chinese names
    assert CODE.findall(text) == []
    assert RAW_JSON.findall(text) == []
    assert f"#{forwarded.pk}" not in text and "申报 #" not in text


def test_audit_list_filters_by_event_and_object_type_in_chinese(client, programme_staff, entries, round):
    response = _changelist(client, programme_staff, event="rounds.round.changed")

    assert [entry.action for entry in response.context["cl"].result_list] == ["rounds.round.changed"]
    filters = {spec.title: [title for _, title in spec.lookup_choices] for spec in response.context["cl"].filter_specs}
    assert filters == {
        "事件": ["修改遴选年度设置", "推荐报送"],
        "对象类型": ["申报", "遴选年度"],
    }

    response = _changelist(client, programme_staff, object_type="rounds.round")

    assert [entry.object_id for entry in response.context["cl"].result_list] == [str(round.pk)]


def test_audit_entry_page_has_one_actor_row_and_a_readable_data_table(client, programme_staff, entries):
    _, edit = entries
    client.force_login(programme_staff)

    response = client.get(reverse("admin:core_auditentry_change", args=[edit.pk]))

    text = visible_text(response)
    assert text.count("操作人") == 1
    assert ("赵敏" in text, "修改遴选年度设置" in text, "全国培育目标人数" in text, "200 → 220" in text) == (True,) * 4
    assert RAW_JSON.findall(text) == [] and CODE.findall(text) == []


def test_audit_entry_page_masks_personal_data_in_the_data(client, programme_staff, round):
    entry = audit.record(programme_staff, "rounds.round.changed", round, reason="申报人电话 13812345678 有误")
    client.force_login(programme_staff)

    text = visible_text(client.get(reverse("admin:core_auditentry_change", args=[entry.pk])))

    assert ("138****5678" in text, "13812345678" in text) == (True, False)


def test_audit_entry_page_names_status_changes_in_words(client, programme_staff, entries):
    forwarded, _ = entries
    entry = history_of(forwarded)[0]
    client.force_login(programme_staff)

    text = visible_text(client.get(reverse("admin:core_auditentry_change", args=[entry.pk])))

    assert (entry.action, entry.data) == ("applicants.application.forwarded", {
        "previous": "submitted", "reason": RECOMMENDATION["opinion"],
        "attests_political_quality": True, "attests_craftsman_spirit": True,
    })
    assert ("原状态" in text, "已提交" in text, "submitted" in text) == (True, True, False)


@pytest.mark.parametrize("count", [1, 4])
def test_audit_list_query_count_does_not_grow_with_entries(
    client, programme_staff, round, unit_a, count, django_assert_num_queries
):
    for number in range(count):
        audit.record(programme_staff, "rounds.round.changed", round, old={"title": ""}, new={"title": f"第{number}次"})
        audit.record(programme_staff, "units.recommendingunit.changed", unit_a, old={"is_active": True}, new={"is_active": False})
    client.force_login(programme_staff)
    client.get(reverse("admin:core_auditentry_changelist"))  # warm the content-type and session caches

    with django_assert_num_queries(14):
        response = client.get(reverse("admin:core_auditentry_changelist"))

    assert len(response.context["cl"].result_list) == 2 * count


THIRD_PARTY = {
    "axes": "axes_accessattempt",
    "django_celery_beat": "django_celery_beat_periodictask",
    "authtoken": "authtoken_tokenproxy",
    "guardian": "guardian_userobjectpermission",
    "auth": "auth_group",
}


@pytest.mark.parametrize("app_label, url_name", THIRD_PARTY.items())
def test_third_party_sections_are_the_superusers_only(client, programme_staff, superuser, app_label, url_name):
    client.force_login(programme_staff)
    office_index = client.get(reverse("admin:index"))
    office_page = client.get(reverse(f"admin:{url_name}_changelist"))
    client.force_login(superuser)
    superuser_index = client.get(reverse("admin:index"))
    superuser_page = client.get(reverse(f"admin:{url_name}_changelist"))

    office_apps = [app["app_label"] for app in office_index.context["app_list"]]
    superuser_apps = [app["app_label"] for app in superuser_index.context["app_list"]]
    assert (app_label in office_apps, office_page.status_code) == (False, 403)
    assert (app_label in superuser_apps, superuser_page.status_code) == (True, 200)


def test_office_admin_index_lists_only_the_programmes_sections(client, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:index"))

    assert [app["name"] for app in response.context["app_list"]] == ["公共", "公示与公布", "培育", "推荐单位", "用户与角色", "申报", "通知", "遴选年度"]
    assert CODE.findall(visible_text(response)) == []


def test_audit_data_with_a_list_of_choice_values_reads_each_label_and_does_not_crash(application_a, programme_staff):
    from apps.core.audit_display import data_rows

    entry = audit.record(programme_staff, "applicants.application.profile_updated", application_a, status=["draft", "submitted"], notes=[{"a": 1}])

    rows = dict(data_rows(entry))

    assert rows["状态"] == "草稿、已提交"
    assert rows["notes"] == "a：1"
