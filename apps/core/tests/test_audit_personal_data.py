"""No plaintext personal data in the append-only trail: reasons, object names, actors and edited fields are masked."""
import pytest
from django.db import connection

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.core import audit
from apps.core.edits import save_edits
from apps.core.fields import blind_index_for
from apps.core.models import AuditEntry
from apps.core.validators import validate_mobile, validate_resident_id

RESIDENT_ID = "11010519491231002X"  # the GB 11643 example number: a valid check character
PHONE = "13912345678"


def stored_text(entry):
    """The entry's columns as the database holds them, to search for a number anywhere."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT actor_repr, object_repr, data FROM core_auditentry WHERE id = %s", [entry.pk])
        return " ".join(str(column) for column in cursor.fetchone())


def test_the_numbers_are_real():
    assert (validate_resident_id(RESIDENT_ID), validate_mobile(PHONE)) == (RESIDENT_ID, PHONE)


@pytest.mark.django_db
def test_record_masks_an_id_number_and_a_phone_typed_into_a_reason():
    reason = f"申报人身份证号{RESIDENT_ID}与材料不符，请致电 {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]} 核实"

    entry = audit.record(None, "applicants.application.returned", reason=reason)
    stored = AuditEntry.objects.get(pk=entry.pk)

    assert (stored.data, audit.verify_chain().ok) == (
        {"reason": "申报人身份证号110***********002X与材料不符，请致电 139****5678 核实"}, True
    )


@pytest.mark.django_db
def test_record_masks_numbers_in_full_width_digits_nested_values_and_integers():
    entry = audit.record(
        None,
        "core.test.event",
        notes=["联系电话：１３９１２３４５６７８"],
        contact={"mobile": int(PHONE), "id": RESIDENT_ID.lower()},
        places=3,
    )

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.data == {
        "notes": ["联系电话：139****5678"],
        "contact": {"mobile": "139****5678", "id": "110***********002X"},
        "places": 3,
    }


@pytest.mark.django_db
def test_record_masks_the_object_repr_and_the_actor_name():
    actor = UserFactory(username=PHONE, role=Role.PROGRAMME_STAFF)
    applicant = UserFactory(display_name=f"王建国{RESIDENT_ID}")

    entry = audit.record(actor, "accounts.user.changed", applicant)

    assert (entry.actor_repr, entry.object_repr, PHONE in stored_text(entry), RESIDENT_ID in stored_text(entry)) == (
        "139****5678", "王建国110***********002X", False, False
    )


@pytest.mark.django_db
def test_save_edits_audits_an_encrypted_field_masked():
    user = UserFactory(phone="13800001111")
    stored = type(user).objects.get(pk=user.pk)
    user.phone = PHONE

    save_edits(user, stored, by=None, action="accounts.user.changed", fields=["phone"])
    entry = AuditEntry.objects.get()
    user.refresh_from_db()

    assert (entry.data, PHONE in stored_text(entry), user.phone, user.phone_hash) == (
        {"old": {"phone": "138****1111"}, "new": {"phone": "139****5678"}},
        False,
        PHONE,
        blind_index_for("mobile", PHONE),
    )


@pytest.mark.django_db
def test_save_edits_masks_numbers_in_plain_text_fields(unit_a):
    stored = type(unit_a).objects.get(pk=unit_a.pk)
    unit_a.name = f"北京市总工会（联系人 {PHONE}）"

    save_edits(unit_a, stored, by=None, action="units.recommendingunit.changed", fields=["name"])
    entry = AuditEntry.objects.get()

    assert (entry.data["new"], entry.object_repr) == (
        {"name": "北京市总工会（联系人 139****5678）"}, "北京市总工会（联系人 139****5678）"
    )
