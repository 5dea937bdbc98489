import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.core.models import AuditEntry
from apps.units.enums import UnitKind
from apps.units.models import RecommendingUnit
from apps.units.services import create_unit, update_unit


@pytest.mark.django_db
def test_create_unit_saves_and_audits(programme_staff):
    unit = create_unit(RecommendingUnit(name="河北省总工会", kind=UnitKind.PROVINCIAL_UNION, region="13"), by=programme_staff)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id, entry.data) == (
        "units.recommendingunit.created", programme_staff, str(unit.pk), {"kind": "provincial_union", "region": "13"}
    )


@pytest.mark.django_db
def test_create_unit_refuses_a_provincial_union_without_region(programme_staff):
    with pytest.raises(ValidationError):
        create_unit(RecommendingUnit(name="无地区总工会", kind=UnitKind.PROVINCIAL_UNION), by=programme_staff)

    assert (RecommendingUnit.objects.count(), AuditEntry.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_create_unit_refuses_a_second_provincial_union_for_one_region(programme_staff, unit_a):
    with pytest.raises(ValidationError):
        create_unit(RecommendingUnit(name="北京市另一总工会", kind=UnitKind.PROVINCIAL_UNION, region="11"), by=programme_staff)

    assert list(RecommendingUnit.objects.all()) == [unit_a]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["applicant_a", "unit_staff_a", "expert"])
def test_unit_services_refuse_anyone_but_programme_staff(request, role, unit_a):
    user = request.getfixturevalue(role)
    unit_a.is_active = False

    with pytest.raises(PermissionDenied):
        create_unit(RecommendingUnit(name="新单位", kind=UnitKind.PILOT_UNIT), by=user)
    with pytest.raises(PermissionDenied):
        update_unit(unit_a, by=user, fields=["is_active"])

    unit_a.refresh_from_db()
    assert (unit_a.is_active, RecommendingUnit.objects.count(), AuditEntry.objects.count()) == (True, 1, 0)


@pytest.mark.django_db
def test_update_unit_audits_old_and_new_values(programme_staff, unit_a):
    unit_a.name, unit_a.is_active = "北京市总工会（新）", False

    update_unit(unit_a, by=programme_staff, fields=["name", "is_active"])

    unit_a.refresh_from_db()
    entry = AuditEntry.objects.get()
    assert (unit_a.name, unit_a.is_active) == ("北京市总工会（新）", False)
    assert (entry.action, entry.data) == (
        "units.recommendingunit.changed",
        {"old": {"name": "北京市总工会", "is_active": True}, "new": {"name": "北京市总工会（新）", "is_active": False}},
    )


@pytest.mark.django_db
def test_update_unit_without_changes_writes_nothing(programme_staff, unit_a):
    update_unit(unit_a, by=programme_staff, fields=[])

    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_unit_admin_add_goes_through_the_service(client, programme_staff):
    client.force_login(programme_staff)

    response = client.post(
        reverse("admin:units_recommendingunit_add"),
        {"name": "中国中化控股有限责任公司", "kind": UnitKind.CENTRAL_ENTERPRISE, "region": "", "is_active": "on"},
    )

    assert response.status_code == 302
    unit = RecommendingUnit.objects.get()
    assert list(AuditEntry.objects.values_list("action", "actor", "object_id")) == [
        ("units.recommendingunit.created", programme_staff.pk, str(unit.pk))
    ]


@pytest.mark.django_db
def test_unit_admin_offers_no_delete(client, programme_staff, unit_a):
    client.force_login(programme_staff)

    response = client.post(reverse("admin:units_recommendingunit_delete", args=[unit_a.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert RecommendingUnit.objects.filter(pk=unit_a.pk).exists()
