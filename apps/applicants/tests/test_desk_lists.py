"""What the desks' faster lists must still get right: page counts, links, and the applicant's own year."""
import pytest
from django.test import override_settings
from django.urls import reverse

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory

S = ApplicationStatus
pytestmark = pytest.mark.django_db


def test_unit_desk_pages_count_what_its_status_filter_lists(client, round, unit_a, unit_staff_a):
    # The paginator's count comes from the counts by status, not from a COUNT of its own.
    ApplicationFactory.create_batch(21, round=round, unit=unit_a, status=S.SUBMITTED)
    ApplicationFactory.create_batch(3, round=round, unit=unit_a, status=S.RETURNED)
    client.force_login(unit_staff_a)

    everything = client.get(reverse("units:dashboard"))
    submitted = client.get(reverse("units:dashboard"), {"status": "submitted", "page": 2})

    assert (
        "第 1 / 2 页，共 24 条" in everything.content.decode(),
        "第 2 / 2 页，共 21 条" in submitted.content.decode(),
        len(submitted.context["page"].object_list),
    ) == (True, True, 1)


def test_unit_desk_filtered_to_a_status_it_does_not_have_lists_everything(client, round, unit_a, unit_staff_a):
    ApplicationFactory.create_batch(2, round=round, unit=unit_a, status=S.SUBMITTED)
    client.force_login(unit_staff_a)

    response = client.get(reverse("units:dashboard"), {"status": "approved"})

    assert (response.context["page"].paginator.count, len(response.context["page"].object_list)) == (2, 2)


def test_application_link_is_what_reverse_writes(db, unit_a):
    application = ApplicationFactory(unit=unit_a)

    assert application.get_absolute_url() == reverse("applicants:detail", args=[application.pk])


@override_settings(FORCE_SCRIPT_NAME="/portal/")
def test_application_link_follows_the_script_prefix(client, unit_a, applicant_a):
    from django.urls import set_script_prefix

    application = ApplicationFactory(unit=unit_a, applicant=applicant_a)
    set_script_prefix("/portal/")
    try:
        url = application.get_absolute_url()
    finally:
        set_script_prefix("/")

    assert url == f"/portal/applications/{application.pk}/"


def test_applicant_desk_finds_this_years_application_among_earlier_ones(client, applicant_a, unit_a):
    earlier = RoundFactory(year=2025, status=RoundStatus.CLOSED)
    this_year = RoundFactory(year=2026, status=RoundStatus.RECOMMENDING)
    ApplicationFactory(round=earlier, applicant=applicant_a, unit=unit_a, status=S.SUBMITTED)
    current = ApplicationFactory(round=this_year, applicant=applicant_a, unit=unit_a, status=S.RETURNED)
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:dashboard"))

    assert (response.context["current"], len(response.context["page"].object_list)) == (current, 2)


def test_applicant_desk_without_this_years_application_has_no_current_one(client, applicant_a, unit_a):
    ApplicationFactory(round=RoundFactory(year=2025, status=RoundStatus.CLOSED), applicant=applicant_a, unit=unit_a)
    RoundFactory(year=2026, status=RoundStatus.RECOMMENDING)
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:dashboard"))

    assert (response.context["current"], len(response.context["page"].object_list)) == (None, 1)
