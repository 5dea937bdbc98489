"""The office's round API: the same services as the pages, one Chinese error body, nothing saved on bad input."""
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from apps.core.models import AuditEntry
from apps.rounds.models import Quota, QuotaFactors, Round
from apps.rounds.services import allocate_quotas


@pytest.fixture
def api(programme_staff):
    client = APIClient()
    client.force_authenticate(programme_staff)
    return client


@pytest.fixture
def draft(three_unit_draft):
    return three_unit_draft


def url(name, round):
    return reverse(f"api:round-{name}", kwargs={"pk": round.pk})


def state():
    return (list(Round.objects.order_by("pk").values()), list(Quota.objects.order_by("pk").values()),
            list(QuotaFactors.objects.order_by("pk").values()), AuditEntry.objects.count())


@pytest.mark.django_db
def test_the_office_creates_a_round_and_others_may_not(api, client, applicant_a):
    response = api.post(reverse("api:round-list"), {"year": 2033, "national_target": 150}, format="json")

    assert response.status_code == 201
    assert (response.json()["year"], response.json()["status"], Round.objects.get(year=2033).indicators.count()) == (2033, "draft", 15)
    other = APIClient()
    other.force_authenticate(applicant_a)
    assert other.post(reverse("api:round-list"), {"year": 2034}, format="json").status_code == 403
    assert not Round.objects.filter(year=2034).exists()


@pytest.mark.django_db
def test_an_invalid_round_answers_the_error_body(api, draft):
    response = api.post(reverse("api:round-list"), {"year": 2035, "publicity_start": "2035-05-10", "publicity_end": "2035-05-01"},
                        format="json")

    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert not Round.objects.filter(year=2035).exists()


@pytest.mark.django_db
def test_settings_change_only_what_is_sent_and_refuse_a_stale_read(api, draft):
    seen = api.get(url("quota-factors", draft))  # any read; the settings answer carries updated_at
    first = api.post(url("settings", draft), {"title": "2031年度遴选"}, format="json")
    stale = api.post(url("settings", draft), {"title": "旧", "seen_updated_at": draft.updated_at.isoformat()}, format="json")

    assert seen.status_code == 200 and first.status_code == 200
    assert (first.json()["title"], first.json()["national_target"]) == ("2031年度遴选", 10)
    assert (stale.status_code, stale.json()["error"]["code"]) == (400, "stale_edit")
    fresh = api.post(url("settings", draft), {"title": "新", "seen_updated_at": first.json()["updated_at"]}, format="json")
    assert fresh.status_code == 200 and Round.objects.get(pk=draft.pk).title == "新"


@pytest.mark.django_db
def test_the_scheme_changes_through_the_service(api, draft):
    response = api.post(url("quota-scheme", draft), {"worker_count_weight": "3", "minimum_places": 2}, format="json")
    refused = api.post(url("quota-scheme", draft), {"minimum_places": 9}, format="json")

    assert response.status_code == 200 and response.json()["worker_count_weight"] == "3.00"
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "impossible_minimum")
    assert AuditEntry.objects.filter(action="rounds.quota.scheme_changed").count() == 1


@pytest.mark.django_db
def test_factors_list_and_bulk_save_all_or_nothing(api, draft):
    listed = api.get(url("quota-factors", draft)).json()["results"]
    shanxi = listed[0]
    assert (shanxi["unit_name"], shanxi["worker_count"]) == ("山西省总工会", "1000.00")
    before = state()

    refused = api.post(url("quota-factors", draft), {"rows": [
        {**shanxi, "worker_count": "2000"}, {**listed[1], "unit": 99999},
    ]}, format="json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "factors_invalid")
    assert "第 2 行：推荐单位（99999）不存在或未启用" in refused.json()["error"]["message"]
    assert state() == before

    saved = api.post(url("quota-factors", draft), {"rows": [{**shanxi, "worker_count": "2000"}]}, format="json")
    assert saved.status_code == 200 and saved.json()["results"][0]["worker_count"] == "2000.00"
    stale = api.post(url("quota-factors", draft), {"rows": [{**shanxi, "worker_count": "5"}]}, format="json")
    assert stale.status_code == 400 and "已被他人修改" in stale.json()["error"]["message"]


@pytest.mark.django_db
def test_template_download_and_import(api, draft):
    template = api.get(url("quota-factors-template", draft))
    assert template.status_code == 200 and template["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(template.content))
    book["名额分配因素"]["F3"] = 99
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "f.xlsx"

    imported = api.post(url("quota-factors-import", draft), {"file": out}, format="multipart")

    assert imported.status_code == 200 and imported.json() == {"rows": 3, "saved": 1, "kept": 0}
    assert QuotaFactors.objects.get(unit__name="辽宁省总工会").talent_environment == Decimal("99.00")
    renamed = io.BytesIO(b"not a workbook")
    renamed.name = "f.xlsx"
    refused = api.post(url("quota-factors-import", draft), {"file": renamed}, format="multipart")
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "factor_sheet_invalid")


@pytest.mark.django_db
def test_preview_saves_nothing_and_confirm_confirms(api, draft, programme_staff):
    allocate_quotas(draft, by=programme_staff)
    before = state()

    preview = api.post(url("quota-preview", draft), {"region_development_weight": 0, "industry_level_weight": 0,
                                                     "talent_environment_weight": 0, "recommendation_ratio": "2"}, format="json")

    assert state() == before
    assert (preview.json()["total"], preview.json()["places"]) == (20, 20)
    assert [(row["unit_name"], row["old_places"], row["new_places"], row["delta"]) for row in preview.json()["results"]] == [
        ("山西省总工会", 4, 3, -1), ("辽宁省总工会", 5, 6, 1), ("吉林省总工会", 6, 11, 5)
    ]
    confirmed = api.post(url("confirm-quotas", draft))
    assert confirmed.status_code == 200 and (confirmed.json()["total"], confirmed.json()["places"]) == (15, 15)
    assert Round.objects.get(pk=draft.pk).quotas_confirmed_at is not None
