"""The quota API: the same services as the admin, Chinese errors, each caller's scope; the read-only quota admin."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.core.models import AuditEntry
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Quota, QuotaFactors
from apps.rounds.tests.factories import RoundFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_office_allocates_a_draft_round_and_each_unit_reads_only_its_own(api, unit_a, unit_b, programme_staff, unit_staff_a):
    round = RoundFactory(year=2027, status=RoundStatus.DRAFT, national_target=10)  # 15 places
    QuotaFactors.objects.create(round=round, unit=unit_a, worker_count=2)
    QuotaFactors.objects.create(round=round, unit=unit_b, worker_count=1)
    api.force_login(programme_staff)

    response = api.post(reverse("api:round-allocate-quotas", kwargs={"pk": round.pk}))

    assert response.status_code == 200
    # 1 each, 13 over 2 : 1 -> 8.67 and 4.33 -> 8, 4 and the last to unit A (0.67).
    assert [(row["unit_name"], row["places"]) for row in response.json()["results"]] == [("北京市总工会", 10), ("上海市总工会", 5)]
    assert AuditEntry.objects.get().action == "rounds.quota.allocated"

    # A draft round is the office's: unit staff do not find it; deployed, they see their own quota only.
    api.force_login(unit_staff_a)
    assert api.get(reverse("api:round-quotas", kwargs={"pk": round.pk})).status_code == 404
    round.status = RoundStatus.DEPLOYED
    round.save()
    response = api.get(reverse("api:round-quotas", kwargs={"pk": round.pk}))
    assert [(row["unit_name"], row["places"], row["is_overridden"]) for row in response.json()["results"]] == [
        ("北京市总工会", 10, False)
    ]


@pytest.mark.django_db
def test_override_through_the_api_requires_a_reason_and_is_audited(api, round, unit_a, programme_staff):
    quota = Quota.objects.create(round=round, unit=unit_a, places=4, computed_places=4)
    api.force_login(programme_staff)
    url = reverse("api:quota-override", kwargs={"pk": quota.pk})

    refused = api.post(url, {"places": 6, "reason": ""}, format="json")
    done = api.post(url, {"places": 6, "reason": "承担重大工程任务"}, format="json")

    assert (refused.status_code, refused.json()["error"]["message"]) == (400, "调整推荐名额须填写原因。")
    assert (done.status_code, done.json()["places"], done.json()["computed_places"], done.json()["is_overridden"]) == (
        200, 6, 4, True
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.data["old"], entry.data["new"]) == ("rounds.quota.overridden", {"places": 4}, {"places": 6})


@pytest.mark.django_db
def test_allocation_after_recommending_is_a_400_in_chinese(api, programme_staff):
    round = RoundFactory(year=2027, status=RoundStatus.REVIEWING)
    api.force_login(programme_staff)

    response = api.post(reverse("api:round-allocate-quotas", kwargs={"pk": round.pk}))

    assert (response.status_code, response.json()["error"]["code"]) == (400, "quotas_frozen")
    assert "推荐名额已冻结" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_quota_admin_lists_quotas_with_chinese_columns_and_offers_no_edit(client, round, unit_a, programme_staff):
    quota = Quota.objects.create(round=round, unit=unit_a, places=4, computed_places=3, override_reason="承担重大工程任务")
    client.force_login(programme_staff)

    response = client.get(reverse("admin:rounds_quota_changelist"))

    content = response.content.decode()
    for column in ("年度", "推荐单位", "推荐名额", "计算名额", "已调整", "调整原因"):
        assert column in content
    assert "承担重大工程任务" in content
    change = client.post(reverse("admin:rounds_quota_change", args=[quota.pk]), {"places": 9})
    assert change.status_code == 403
    assert Quota.objects.get(pk=quota.pk).places == 4
