"""Evidence files: the content checks, the names, the limits, storage and deletion."""
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage

from apps.applicants.tests.complete import complete_application
from apps.applicants import filechecks
from apps.applicants.enums import ApplicationStatus
from apps.applicants.evidence import delete_evidence, upload_evidence
from apps.applicants.filechecks import FileRefused, display_name
from apps.applicants.models import EvidenceFile
from apps.applicants.tests import evidence_files as files
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError
from apps.core.models import AuditEntry
from apps.applicants.tests.evidence_files import draft, indicator  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db



def refused_code(draft, applicant, indicator, content, name="证书.pdf"):
    with pytest.raises(FileRefused) as refused:
        upload_evidence(draft, by=applicant, indicator=indicator, upload=files.upload(content, name))
    assert not EvidenceFile.objects.exists()
    return refused.value.code


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (files.pdf_bytes("Patent"), "专利证书.pdf", "application/pdf"),
        (files.pdf_written_by_pypdf(), "blank.pdf", "application/pdf"),
        (files.image_bytes("PNG"), "获奖照片.png", "image/png"),
        (files.image_bytes("JPEG"), "现场照片.JPEG", "image/jpeg"),
    ],
)
def test_a_clean_pdf_png_or_jpeg_is_stored_under_a_random_name(draft, applicant_a, indicator, content, name, content_type):
    evidence = upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(content, name))

    assert evidence.content_type == content_type
    assert evidence.size == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.file.name.startswith(f"evidence/{draft.round_id}/{draft.pk}/")
    assert name.rsplit(".", 1)[0] not in evidence.file.name
    with default_storage.open(evidence.file.name) as stored:
        assert stored.read() == content
    entry = AuditEntry.objects.get(action="applicants.evidence.uploaded")
    assert entry.data == {"indicator": str(indicator), "name": evidence.display_name, "size": len(content), "sha256": evidence.sha256}


@pytest.mark.parametrize("content", [files.ELF, files.MZ, b"<html><script>alert(1)</script></html>", b"PK\x03\x04zipzip"])
def test_a_renamed_executable_or_other_file_is_refused_by_its_content(draft, applicant_a, indicator, content):
    assert refused_code(draft, applicant_a, indicator, content, name="技能证书.pdf") == "file_type"


@pytest.mark.parametrize(
    "content",
    [
        files.pdf_with_javascript(),
        files.pdf_with_escaped_javascript_name(),
        files.pdf_written_by_pypdf(javascript=True),
        files.pdf_written_by_pypdf(attachment=True),
        files.pdf_bytes(extra_catalog="/OpenAction << /S /Launch /F (cmd.exe) >> "),
        files.pdf_bytes(extra_catalog="/AA << /WC << /S /JavaScript /JS (x) >> >> "),
        files.pdf_bytes(extra_catalog="/AcroForm << /Fields [] /XFA (x) >> "),
    ],
    ids=["openaction-js", "hex-escaped-name", "pypdf-add-js", "embedded-file", "launch", "additional-actions", "xfa"],
)
def test_a_pdf_with_active_content_is_refused(draft, applicant_a, indicator, content):
    assert refused_code(draft, applicant_a, indicator, content) == "file_active_content"


def test_a_pdf_opening_at_its_first_page_is_fine(draft, applicant_a, indicator):
    content = files.pdf_bytes(extra_catalog="/OpenAction [3 0 R /Fit] ")

    assert upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(content)).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (files.pdf_bytes()[:300], "file_corrupt"),
        (b"%PDF-1.7\nthis is not a pdf at all\n%%EOF\n", "file_corrupt"),
        (files.truncated_png(), "file_corrupt"),
        (files.truncated_jpeg(), "file_corrupt"),
        (files.pixel_bomb_png(), "image_too_large"),
        (files.pixel_bomb_png(8000, 6000), "image_too_large"),  # 48 megapixels: under Pillow's guard, over ours
        (b"", "file_empty"),
    ],
    ids=["truncated-pdf", "fake-pdf", "truncated-png", "truncated-jpeg", "pixel-bomb", "48-megapixels", "empty"],
)
def test_broken_files_and_pixel_bombs_are_refused(draft, applicant_a, indicator, content, code):
    assert refused_code(draft, applicant_a, indicator, content, name="a.png") == code


def test_an_oversize_file_is_refused_before_it_is_parsed(settings, draft, applicant_a, indicator):
    content = files.pdf_bytes(padding=4000)
    settings.EVIDENCE_MAX_FILE_BYTES = len(content) - 1

    assert refused_code(draft, applicant_a, indicator, content) == "file_too_large"
    settings.EVIDENCE_MAX_FILE_BYTES = len(content)
    assert upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(content)).size == len(content)


def test_a_file_whose_declared_size_lies_is_measured_by_its_bytes(settings, draft, applicant_a, indicator):
    content = files.pdf_bytes(padding=4000)
    settings.EVIDENCE_MAX_FILE_BYTES = 1000
    lying = files.upload(content)
    lying.size = 10

    with pytest.raises(FileRefused, match="超过"):
        upload_evidence(draft, by=applicant_a, indicator=indicator, upload=lying)


def test_the_application_total_is_enforced(settings, draft, applicant_a, indicator):
    content = files.pdf_bytes(padding=1000)
    settings.EVIDENCE_MAX_APPLICATION_BYTES = 2 * len(content) + 10
    for _ in range(2):
        upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(content))

    with pytest.raises(DomainError, match="合计不超过") as refused:
        upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(content))

    assert refused.value.code == "evidence_total"
    assert EvidenceFile.objects.count() == 2


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\Windows\\system32\\证书.pdf", "证书.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("lpt1.backup.pdf", "_lpt1.backup.pdf"),
        ("发票\u202efdp.exe", "发票fdp.exe.pdf"),  # the right-to-left override would show "exe.pdf" reversed
        ("a\u200bb\x00c\x1fd.pdf", "abcd.pdf"),
        ('what?<is>"this"|*.pdf', "what__is__this___.pdf"),
        ("  ...  ", "未命名文件.pdf"),
        ("report.PDF", "report.pdf"),
        ("photo.png", "photo.png.pdf"),  # the content decides the extension
        ("长" * 300 + ".pdf", "长" * 96 + ".pdf"),
    ],
)
def test_hostile_names_are_sanitised(given, shown):
    assert display_name(given, ".pdf") == shown


def test_a_jpeg_keeps_its_jpeg_extension():
    assert display_name("照片.jpeg", ".jpg") == "照片.jpg"


def test_the_stored_display_name_is_the_sanitised_one(draft, applicant_a, indicator):
    evidence = upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(files.pdf_bytes(), "../../CON.pdf"))

    assert evidence.display_name == "_CON.pdf"
    assert ".." not in evidence.file.name and "CON" not in evidence.file.name


def test_only_the_applicant_may_upload_and_only_while_editable(round, unit_a, draft, applicant_a, applicant_b, unit_staff_a, indicator):
    for user in (applicant_b, unit_staff_a):
        with pytest.raises(PermissionDenied):
            upload_evidence(draft, by=user, indicator=indicator, upload=files.upload(files.pdf_bytes()))
    submitted = ApplicationFactory(round=round, unit=unit_a, applicant=ApplicationFactory().applicant, status=ApplicationStatus.SUBMITTED)
    with pytest.raises(DomainError, match="不能修改"):
        upload_evidence(submitted, by=submitted.applicant, indicator=indicator, upload=files.upload(files.pdf_bytes()))
    assert not EvidenceFile.objects.exists()


def test_the_indicator_must_be_of_the_round(draft, applicant_a):
    from apps.rounds.tests.factories import RoundFactory

    with pytest.raises(DomainError, match="评价指标"):
        upload_evidence(draft, by=applicant_a, indicator=RoundFactory(year=2031).indicators.first(), upload=files.upload(files.pdf_bytes()))


def test_a_file_not_yet_submitted_is_deleted_with_its_stored_file(draft, applicant_a, indicator, django_capture_on_commit_callbacks):
    evidence = upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(files.pdf_bytes()))
    stored = evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_evidence(evidence, by=applicant_a)

    assert not EvidenceFile.objects.exists()
    assert not default_storage.exists(stored)
    entry = AuditEntry.objects.get(action="applicants.evidence.deleted")
    assert entry.data["sha256"] == evidence.sha256 and entry.data["name"] == evidence.display_name


def test_a_submitted_file_is_never_deleted(draft, applicant_a, indicator):
    from apps.applicants.services import submit_application

    evidence = upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(files.pdf_bytes()))
    submit_application(complete_application(draft), by=applicant_a)

    with pytest.raises(DomainError, match="不能修改"):
        delete_evidence(evidence, by=applicant_a)
    assert default_storage.exists(evidence.file.name)


def test_a_returned_application_keeps_what_was_submitted_but_new_files_may_go(round, unit_a, applicant_a, unit_staff_a, indicator):
    from apps.applicants.services import set_application_status, submit_application

    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT)
    submitted = upload_evidence(application, by=applicant_a, indicator=indicator, upload=files.upload(files.pdf_bytes()))
    submit_application(complete_application(application), by=applicant_a)
    set_application_status(application, ApplicationStatus.RETURNED, by=unit_staff_a, reason="请补充证书")
    added = upload_evidence(application, by=applicant_a, indicator=indicator, upload=files.upload(files.image_bytes("PNG"), "补充.png"))

    with pytest.raises(DomainError, match="已随申报提交"):
        delete_evidence(submitted, by=applicant_a)
    delete_evidence(added, by=applicant_a)
    assert list(EvidenceFile.objects.filter(pk__in=[submitted.pk, added.pk])) == [submitted]


def test_the_limits_are_the_briefs():
    assert filechecks.MAX_FILE_BYTES == 20 * 1024 * 1024 and filechecks.MAX_APPLICATION_BYTES == 200 * 1024 * 1024


def test_a_20_mb_file_on_disk_is_checked_without_reading_it_whole_into_memory():
    """The checks hash and scan in chunks and pypdf seeks: Python's peak stays far below the file's size."""
    import tracemalloc

    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile("大文件.pdf", "application/pdf", 0, None)
    pdf = files.pdf_bytes("Large")
    xref_at = pdf.rindex(b"\nxref\n") + 1
    upload.write(pdf[:xref_at])
    line = b"%" + b"x" * 1022 + b"\n"
    for _ in range(20 * 1024 - 2):
        upload.write(line)
    filler_end = upload.tell()
    upload.write(pdf[xref_at : pdf.rindex(b"startxref")] + b"startxref\n%d\n%%%%EOF\n" % filler_end)
    upload.size = upload.tell()
    upload.flush()
    assert upload.size > 19 * 1024 * 1024

    tracemalloc.start()
    checked = filechecks.check_upload(upload)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    upload.close()

    assert checked.content_type == "application/pdf"
    assert peak < 6 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_turned_on_pillows_tolerance(monkeypatch, draft, applicant_a, indicator):
    """WeasyPrint sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True when imported (the recommendation form's renderer)."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)

    assert refused_code(draft, applicant_a, indicator, files.truncated_jpeg(), name="a.jpg") == "file_corrupt"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back for WeasyPrint
