"""seed_demo's statements and files: every default application answered in Chinese, files that pass the real checks."""
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from apps.applicants import filechecks
from apps.applicants.models import Application, EvidenceFile, StatementAnswer

pytestmark = pytest.mark.django_db


def test_the_demo_applications_have_statements_and_files_that_pass_the_checks():
    call_command("seed_demo", stdout=io.StringIO())

    applications = Application.objects.filter(applicant__username__startswith="applicant")
    assert applications.count() == 30
    for application in applications:
        texts = list(StatementAnswer.objects.filter(application=application).values_list("text", flat=True))
        assert len(texts) == 15 and all(len(text) > 40 and "\n" in text for text in texts)
    for evidence in EvidenceFile.objects.all():
        with default_storage.open(evidence.file.name) as stored:
            checked = filechecks.check_upload(SimpleUploadedFile("x", stored.read()))
        assert (checked.content_type, checked.sha256, checked.size) == (evidence.content_type, evidence.sha256, evidence.size)
    assert "{" not in "".join(StatementAnswer.objects.values_list("text", flat=True))
