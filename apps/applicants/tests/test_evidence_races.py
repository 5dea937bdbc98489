"""Two requests at once, on PostgreSQL's row locks: the application total and a first answer hold."""
import pytest
from django.db import connection

from apps.applicants.evidence import upload_evidence
from apps.applicants.models import EvidenceFile, StatementAnswer
from apps.applicants.statement import StaleEdit, save_answer
from apps.applicants.tests import evidence_files as files
from apps.applicants.tests.evidence_files import draft  # noqa: F401  (a fixture)
from apps.core.audit import verify_chain
from apps.core.exceptions import DomainError
from apps.core.tests.test_locking import run_concurrently

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
    pytest.mark.django_db(transaction=True),
]


def test_two_uploads_at_once_cannot_both_pass_the_total(settings, draft, applicant_a, round):
    content = files.pdf_bytes(padding=2000)
    settings.EVIDENCE_MAX_APPLICATION_BYTES = len(content) + 10  # room for one
    indicator = round.indicators.first()

    def one_upload():
        upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(content))

    errors = run_concurrently(one_upload, one_upload)

    assert [error.code for error in errors if isinstance(error, DomainError)] == ["evidence_total"]
    assert EvidenceFile.objects.count() == 1
    assert verify_chain().ok


def test_two_first_saves_of_one_answer_at_once_keep_one_and_refuse_the_other(draft, applicant_a, round):
    indicator = round.indicators.first()

    errors = run_concurrently(
        lambda: save_answer(draft, indicator, by=applicant_a, text="第一个标签页", version=0),
        lambda: save_answer(draft, indicator, by=applicant_a, text="第二个标签页", version=0),
    )

    assert [type(error) for error in errors] == [StaleEdit]
    assert StatementAnswer.objects.get().version == 1
