"""Races on PostgreSQL: two draws of one round at once store one; two drafts of one sheet from the same
page version save one and refuse the other as stale."""
import pytest
from django.db import connection

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError
from apps.core.tests.test_locking import run_concurrently
from apps.reviews import scoring
from apps.reviews.draw import draw_assignments
from apps.reviews.models import Assignment, DrawRecord, Score
from apps.reviews.tests.factories import ExpertFactory, PanelFactory

requires_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
pytestmark = [requires_postgresql, pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_two_draws_at_once_store_one(round, unit_a, programme_staff):
    PanelFactory(round=round, industries="C", members=[ExpertFactory() for _ in range(6)])
    for _ in range(4):
        ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.FORMAL_PASSED, industry="C")

    errors = run_concurrently(
        lambda: draw_assignments(round, by=programme_staff, seed=1),
        lambda: draw_assignments(round, by=programme_staff, seed=2),
    )

    assert [type(e) for e in errors] == [DomainError] and "已抽取" in errors[0].message
    assert DrawRecord.objects.count() == 1 and Assignment.objects.count() == 4 * 5


def test_two_saves_from_one_page_keep_one(round, unit_a, expert):
    profile = ExpertFactory(user=expert)
    panel = PanelFactory(round=round, industries="C", members=[profile])
    application = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.UNDER_REVIEW, industry="C")
    assignment = Assignment.objects.create(round=round, application=application, expert=profile, panel=panel)
    first = round.indicators.order_by("position").first()

    errors = run_concurrently(
        lambda: scoring.save_draft(assignment, by=expert, values={first.pk: "6"}, version=0),
        lambda: scoring.save_draft(assignment, by=expert, values={first.pk: "9"}, version=0),
    )

    assert [e.code for e in errors] == ["stale_edit"]
    assert Score.objects.count() == 1 and assignment.sheet.version == 1
