"""The office's round and quota pages: each calls its service, bad input changes nothing, the what-if
saves nothing, other roles are refused, and the lists' query counts do not grow with the units."""
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.models import AuditEntry
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Quota, QuotaFactors, Round
from apps.rounds.services import allocate_quotas
from apps.rounds.tests.factories import RoundFactory
from apps.units.tests.factories import RecommendingUnitFactory
from tests.querycount import assert_query_count_constant


@pytest.fixture
def draft(three_unit_draft):
    return three_unit_draft


@pytest.fixture
def office(client, programme_staff):
    client.force_login(programme_staff)
    return client


def snapshot():
    return (
        list(Round.objects.order_by("pk").values()), list(Quota.objects.order_by("pk").values()),
        list(QuotaFactors.objects.order_by("pk").values()), AuditEntry.objects.count(),
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.mark.django_db
def test_the_office_creates_a_round_on_the_create_page(office):
    response = office.post(reverse("rounds:round-create"), {
        "year": 2032, "title": "", "national_target": 180, "recommend_deadline": "2032-04-30T17:00",
        "formal_review_deadline": "", "expert_review_deadline": "", "publicity_start": "", "publicity_end": "",
    })

    round = Round.objects.get(year=2032)
    assert response.status_code == 302 and response["Location"] == reverse("rounds:round-settings", args=[round.pk])
    assert (round.national_target, round.status, round.indicators.count()) == (180, RoundStatus.DRAFT, 15)
    assert timezone.localtime(round.recommend_deadline).strftime("%H:%M") == "17:00"
    assert AuditEntry.objects.get().action == "rounds.round.created"


@pytest.mark.django_db
def test_a_round_with_a_taken_year_is_not_created(office, draft):
    response = office.post(reverse("rounds:round-create"), {"year": 2031, "national_target": 100})

    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert Round.objects.count() == 1


@pytest.mark.django_db
def test_the_round_list_links_every_round(office, draft):
    response = office.get(reverse("rounds:round-list"))

    assert list(response.context["page"].object_list) == [draft]
    assert reverse("rounds:quotas", args=[draft.pk]).encode() in response.content


@pytest.mark.django_db
def test_settings_save_through_the_service_and_a_stale_page_is_refused(office, draft):
    url = reverse("rounds:round-settings", args=[draft.pk])
    seen = draft.updated_at.isoformat()
    data = {"section": "settings", "seen": seen, "title": "2031年度遴选", "national_target": 10}

    assert office.post(url, data).status_code == 302
    response = office.post(url, {**data, "title": "旧页面", "national_target": 12}, follow=True)

    assert Round.objects.get(pk=draft.pk).title == "2031年度遴选"
    assert messages_of(response)[-1:] == ["该设置已被他人修改，您的修改未保存。请刷新页面，核对后重新填写。"]
    assert AuditEntry.objects.filter(action="rounds.round.changed").count() == 1


@pytest.mark.django_db
def test_indicators_save_together(office, draft):
    url = reverse("rounds:round-settings", args=[draft.pk])
    data = {"section": "indicators"}
    for indicator in draft.indicators.all():
        prefix = f"indicator-{indicator.pk}"
        data |= {f"{prefix}-weight": "1.00", f"{prefix}-max_score": "10.0", f"{prefix}-seen_weight": "1.00",
                 f"{prefix}-seen_max_score": "10.0"}
    first = draft.indicators.get(position=1)
    data[f"indicator-{first.pk}-weight"] = "2.50"

    assert office.post(url, data).status_code == 302

    first.refresh_from_db()
    assert (first.weight, AuditEntry.objects.filter(action="rounds.indicator.changed").count()) == (Decimal("2.50"), 1)


@pytest.mark.django_db
def test_a_frozen_round_shows_why_and_disables_its_fields(office):
    round = RoundFactory(status=RoundStatus.REVIEWING)

    response = office.get(reverse("rounds:round-settings", args=[round.pk]))

    assert list(response.context["notes"]) == ["quotas", "indicators"]
    assert response.context["settings_form"].fields["national_target"].disabled
    assert all(field.disabled for field in response.context["scheme_form"].fields.values())
    assert "专家评审已开始" in response.content.decode()


@pytest.mark.django_db
def test_the_scheme_form_saves_and_bad_values_change_nothing(office, draft):
    url = reverse("rounds:quota-scheme", args=[draft.pk])
    data = {"seen": draft.updated_at.isoformat(), "region_development_weight": "1", "industry_level_weight": "1",
            "worker_count_weight": "3", "talent_environment_weight": "1", "recommendation_ratio": "1.5", "minimum_places": "1"}
    before = snapshot()

    response = office.post(url, {**data, "recommendation_ratio": "0.5"}, follow=True)
    assert snapshot() == before
    assert messages_of(response)[0].startswith("名额分配方案未保存：推荐比例")

    office.post(url, data)
    assert Round.objects.get(pk=draft.pk).worker_count_weight == Decimal("3.00")


@pytest.mark.django_db
def test_the_factors_page_saves_its_rows_or_nothing(office, draft):
    url = reverse("rounds:quota-factors", args=[draft.pk])
    page = office.get(url)
    unit, seen, _ = page.context["rows"][0]
    row = {"unit": [unit.pk], f"{unit.pk}-seen": seen, f"{unit.pk}-region_development": "70",
           f"{unit.pk}-industry_level": "60", f"{unit.pk}-worker_count": "2000", f"{unit.pk}-talent_environment": "40"}
    before = snapshot()

    refused = office.post(url, {**row, f"{unit.pk}-worker_count": "-1"})
    assert snapshot() == before
    assert refused.context["errors"] == [f"第 1 行（{unit.name}）职工人数：须为不小于 0 的数字，最多两位小数"]
    # The typed values stay, and the wrong cell is marked.
    assert [(name, value, invalid) for name, _, value, invalid in refused.context["rows"][0][2]] == [
        ("region_development", "70", False), ("industry_level", "60", False), ("worker_count", "-1", True),
        ("talent_environment", "40", False),
    ]
    assert 'aria-invalid="true"' in refused.content.decode()

    assert office.post(url, row).status_code == 302
    assert QuotaFactors.objects.get(unit=unit).worker_count == Decimal("2000.00")


@pytest.mark.django_db
def test_the_template_downloads_and_a_filled_one_imports(office, draft):
    response = office.get(reverse("rounds:quota-factors-template", args=[draft.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["名额分配因素"]
    sheet["E2"] = 9000
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "因素.xlsx"

    imported = office.post(reverse("rounds:quota-factors-import", args=[draft.pk]), {"file": out}, follow=True)

    assert QuotaFactors.objects.get(unit__pk=sheet["A2"].value).worker_count == Decimal("9000.00")
    assert messages_of(imported) == ["导入完成：文件中 3 个推荐单位，其中 1 个的数值有变化并已保存。"]


@pytest.mark.django_db
def test_a_malformed_import_saves_nothing_and_lists_the_errors(office, draft):
    before = snapshot()
    fake = io.BytesIO(b"unit,worker_count\n1,-5\n")
    fake.name = "因素.xlsx"

    response = office.post(reverse("rounds:quota-factors-import", args=[draft.pk]), {"file": fake})

    assert response.status_code == 400
    assert response.context["import_errors"] == ["文件不是 Excel 工作簿（.xlsx），请使用下载的模板填写后上传"]
    assert snapshot() == before


@pytest.mark.django_db
def test_allocate_then_the_proposal_shows_places_and_totals(office, draft):
    office.post(reverse("rounds:quotas-allocate", args=[draft.pk]))

    response = office.get(reverse("rounds:quotas", args=[draft.pk]))

    assert [(row.unit.name, row.places) for row in response.context["rows"]] == [
        ("山西省总工会", 4), ("辽宁省总工会", 5), ("吉林省总工会", 6)
    ]
    assert (response.context["total"], response.context["stored_sum"]) == (15, 15)


@pytest.mark.django_db
def test_the_what_if_shows_every_move_and_saves_nothing(office, draft, programme_staff):
    allocate_quotas(draft, by=programme_staff)
    before = snapshot()
    query = {"whatif": "1", "region_development_weight": "0", "industry_level_weight": "0", "worker_count_weight": "1",
             "talent_environment_weight": "0", "recommendation_ratio": "2.00", "minimum_places": "1"}

    response = office.get(reverse("rounds:quotas", args=[draft.pk]), query)
    partial = office.get(reverse("rounds:quotas", args=[draft.pk]), query, HTTP_HX_REQUEST="true")

    assert [(row.unit.name, old, new, delta) for row, old, new, delta in response.context["moves"]] == [
        ("山西省总工会", 4, 3, -1), ("辽宁省总工会", 5, 6, 1), ("吉林省总工会", 6, 11, 5)
    ]
    assert (response.context["scenario_total"], response.context["scenario_sum"]) == (20, 20)
    assert snapshot() == before
    assert partial.content.decode().lstrip().startswith('<section class="card" id="proposal"')
    assert "保存为分配方案" in partial.content.decode()


@pytest.mark.django_db
def test_override_needs_a_reason_and_confirm_confirms(office, draft, programme_staff):
    allocate_quotas(draft, by=programme_staff)
    quota = Quota.objects.get(unit__name="山西省总工会")
    url = reverse("rounds:quota-override", args=[quota.pk])

    refused = office.post(url, {"places": 7, "reason": "  "})
    assert refused.status_code == 200 and Quota.objects.get(pk=quota.pk).places == 4
    office.post(url, {"places": 7, "reason": "重点产业集中"})
    confirm_page = office.get(reverse("rounds:quotas-confirm", args=[draft.pk]))
    office.post(reverse("rounds:quotas-confirm", args=[draft.pk]))

    assert (Quota.objects.get(pk=quota.pk).places, Quota.objects.get(pk=quota.pk).override_reason) == (7, "重点产业集中")
    assert (confirm_page.context["total"], confirm_page.context["stored_sum"]) == (15, 18)
    assert [unit.name for unit in confirm_page.context["overrides"]] == ["山西省总工会"]
    assert Round.objects.get(pk=draft.pk).quotas_confirmed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "expert"])
def test_other_roles_never_see_the_office_pages(request, client, draft, user):
    client.force_login(request.getfixturevalue(user))
    urls = [reverse("rounds:round-list"), reverse("rounds:round-create")] + [
        reverse(name, args=[draft.pk]) for name in ("rounds:round-settings", "rounds:quota-factors",
                                                     "rounds:quota-factors-template", "rounds:quotas", "rounds:quotas-confirm")
    ]
    assert [client.get(url).status_code for url in urls] == [403] * len(urls)


def _grow_units(round):
    def grow(n):
        for _ in range(n):
            unit = RecommendingUnitFactory()
            QuotaFactors.objects.create(round=round, unit=unit, worker_count=100)
            Quota.objects.create(round=round, unit=unit, places=1, computed_places=1)
    return grow


@pytest.mark.django_db
def test_the_proposal_page_query_count(office, draft):
    assert_query_count_constant(office, reverse("rounds:quotas", args=[draft.pk]), grow=_grow_units(draft), expected=5)


@pytest.mark.django_db
def test_the_factors_page_query_count(office, draft):
    assert_query_count_constant(office, reverse("rounds:quota-factors", args=[draft.pk]), grow=_grow_units(draft), expected=6)


@pytest.mark.django_db
def test_a_bad_what_if_says_why_and_a_frozen_round_offers_no_quota_action(office, draft):
    bad = office.get(reverse("rounds:quotas", args=[draft.pk]), {"whatif": "1", "recommendation_ratio": "0.5"},
                     HTTP_HX_REQUEST="true")
    frozen = RoundFactory(status=RoundStatus.REVIEWING)
    page = office.get(reverse("rounds:quotas", args=[frozen.pk]))
    refused = office.post(reverse("rounds:quotas-allocate", args=[frozen.pk]), follow=True)

    assert "试算参数有误，未试算：" in bad.content.decode() and "推荐比例：确保该值大于或等于1" in bad.content.decode()
    assert "推荐名额已冻结" in page.content.decode()
    assert (b'data-testid="allocate"', b'data-testid="whatif-form"') == tuple(
        marker for marker in (b'data-testid="allocate"', b'data-testid="whatif-form"') if marker not in page.content
    )
    assert messages_of(refused) == ["推荐阶段结束后，推荐名额已冻结，不能再分配或调整。"]
    assert not Quota.objects.filter(round=frozen).exists()


@pytest.mark.django_db
def test_the_factors_page_finds_units_by_name(office, draft):
    response = office.get(reverse("rounds:quota-factors", args=[draft.pk]), {"q": "辽宁"})

    assert [unit.name for unit, _, _ in response.context["rows"]] == ["辽宁省总工会"]


@pytest.mark.django_db
def test_an_import_with_bad_rows_saves_none_of_the_good_ones(office, draft):
    template = office.get(reverse("rounds:quota-factors-template", args=[draft.pk]))
    book = load_workbook(io.BytesIO(template.content))
    sheet = book["名额分配因素"]
    sheet["E2"] = 5555  # a good change
    sheet["D3"] = -2  # a negative number
    sheet.append([sheet["A2"].value, "山西省总工会", 1, 1, 1, 1])  # a repeated unit
    sheet.append([424242, "不存在的工会", 1, 1, 1, 1])  # an unknown unit
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "因素.xlsx"
    before = snapshot()

    response = office.post(reverse("rounds:quota-factors-import", args=[draft.pk]), {"file": out})

    assert response.status_code == 400
    assert response.context["import_errors"] == [
        "第 3 行 D 列（行业技术水平）：须为不小于 0 的数字，最多两位小数",
        "第 5 行 A 列（单位编号）：“山西省总工会”与第 2 行重复",
        "第 6 行 A 列（单位编号）：“424242”不是有效的推荐单位编号（不存在的工会）",
    ]
    assert snapshot() == before
