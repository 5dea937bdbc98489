"""The statement and evidence API calls the same services as the pages."""
import hashlib

import pytest
from rest_framework.test import APIClient

from apps.applicants.models import EvidenceFile, StatementAnswer
from apps.applicants.tests import evidence_files as files
from apps.applicants.tests.evidence_files import draft  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db



@pytest.fixture
def api(applicant_a):
    client = APIClient()
    client.force_authenticate(applicant_a)
    return client


def test_answers_list_and_update_with_the_version(api, draft, round):
    indicator = round.indicators.order_by("position").first()
    listed = api.get(f"/api/v1/applications/{draft.pk}/answers/").json()["results"]
    assert len(listed) == 15 and listed[0]["guidance"] == indicator.description and listed[0]["version"] == 0

    saved = api.post(f"/api/v1/applications/{draft.pk}/answers/{indicator.pk}/", {"text": "接口保存的陈述", "version": 0}, format="json")
    stale = api.post(f"/api/v1/applications/{draft.pk}/answers/{indicator.pk}/", {"text": "过期的", "version": 0}, format="json")

    assert saved.status_code == 200 and saved.json()["version"] == 1
    assert stale.status_code == 400 and stale.json()["error"]["code"] == "stale_edit"
    assert "其他页面" in stale.json()["error"]["message"]
    assert StatementAnswer.objects.get().text == "接口保存的陈述"


def test_evidence_upload_list_download_delete(api, draft, round, django_capture_on_commit_callbacks):
    indicator = round.indicators.order_by("position").first()
    content = files.image_bytes("PNG", label="award")

    created = api.post(f"/api/v1/applications/{draft.pk}/evidence/", {"indicator": indicator.pk, "file": files.upload(content, "奖状.png")}, format="multipart")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["display_name"], body["content_type"], body["sha256"]) == ("奖状.png", "image/png", hashlib.sha256(content).hexdigest())
    assert [row["id"] for row in api.get(f"/api/v1/applications/{draft.pk}/evidence/").json()["results"]] == [body["id"]]
    download = api.get(body["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "image/png" and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/v1/applications/{draft.pk}/evidence/{body['id']}/").status_code == 204
    assert not EvidenceFile.objects.exists()


def test_a_refused_file_is_the_one_chinese_error_body(api, draft, round):
    indicator = round.indicators.first()

    response = api.post(f"/api/v1/applications/{draft.pk}/evidence/", {"indicator": indicator.pk, "file": files.upload(files.pdf_with_javascript())}, format="multipart")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_active_content"
    assert not EvidenceFile.objects.exists()


def test_another_applicant_gets_404_everywhere(draft, applicant_b, round):
    client = APIClient()
    client.force_authenticate(applicant_b)
    indicator = round.indicators.first()

    assert client.get(f"/api/v1/applications/{draft.pk}/answers/").status_code == 404
    assert client.post(f"/api/v1/applications/{draft.pk}/answers/{indicator.pk}/", {"text": "x", "version": 0}, format="json").status_code == 404
    assert client.post(f"/api/v1/applications/{draft.pk}/evidence/", {"indicator": indicator.pk, "file": files.upload(files.pdf_bytes())}, format="multipart").status_code == 404
    assert not StatementAnswer.objects.exists() and not EvidenceFile.objects.exists()


def test_only_the_applicant_deletes_through_the_api(draft, applicant_a, unit_staff_a, applicant_b, round):
    from apps.applicants.evidence import upload_evidence

    evidence = upload_evidence(draft, by=applicant_a, indicator=round.indicators.first(), upload=files.upload(files.pdf_bytes()))
    for user, status in ((applicant_b, 404), (unit_staff_a, 404)):  # a draft: the unit does not see it yet
        client = APIClient()
        client.force_authenticate(user)
        assert client.delete(f"/api/v1/applications/{draft.pk}/evidence/{evidence.pk}/").status_code == status
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()
