"""Evidence files of an application: upload and delete, by its applicant, while it may be edited.

Files are checked by content (`filechecks.check_upload`) before anything is locked or stored, then stored
under a random name through the default storage (`STORAGES["default"]`: the filesystem under MEDIA_ROOT,
an S3-compatible store by configuration), never under the name the applicant gave. Downloads go
through `views_evidence.download`, which asks the application's access policy.

A file may be deleted only while the application may be edited and only if no submission has included
it (it was uploaded after the latest submission): once submitted, a file is part of what the unit saw.
"""
import uuid

from django.db import transaction
from django.db.models import Sum

from apps.core import audit
from apps.core.exceptions import DomainError

from . import filechecks
from .models import Application, EvidenceFile
from .statement import check_editable_by


def storage_name(application, extension):
    """A random storage name: nothing of the applicant's file name reaches the storage."""
    return f"evidence/{application.round_id}/{application.pk}/{uuid.uuid4().hex}{extension}"


@transaction.atomic
def upload_evidence(application, *, by, indicator, upload):
    """Check `upload` (a Django UploadedFile), store it for `indicator` and return the new `EvidenceFile`.

    Refuses: anyone but the applicant (403); an application that may not be edited now; an indicator of
    another round; a file that is not a clean PDF, JPEG or PNG or is too large (`filechecks`); a file that
    would take the application past its total. Audits `applicants.evidence.uploaded` (name, size, hash).
    """
    # Cheap refusals first (unlocked), so an outsider's upload is not parsed at all; re-checked under the lock.
    check_editable_by(application, by)
    if indicator is None or indicator.round_id != application.round_id:
        raise DomainError("请选择本年度的评价指标。", code="wrong_indicator")
    checked = filechecks.check_upload(upload)
    name = filechecks.display_name(getattr(upload, "name", ""), checked.extension)
    max_total_bytes = filechecks.max_application_bytes()

    # Lock the application: two uploads at once must not both pass the total.
    application = Application.objects.select_for_update(of=("self",)).select_related("round").get(pk=application.pk)
    check_editable_by(application, by)
    used = EvidenceFile.objects.filter(application=application).aggregate(total=Sum("size"))["total"] or 0
    if used + checked.size > max_total_bytes:
        raise DomainError(
            f"每份申报的支撑材料合计不超过{filechecks.megabytes(max_total_bytes)}，已上传{filechecks.megabytes(used)}，"
            "本文件放不下。请删除或压缩部分文件后再上传。",
            code="evidence_total",
        )
    evidence = EvidenceFile(
        application=application, indicator=indicator, display_name=name, content_type=checked.content_type,
        size=checked.size, sha256=checked.sha256, uploaded_by=by,
    )
    evidence.file.save(storage_name(application, checked.extension), upload, save=False)
    try:
        evidence.save()
        audit.record(
            by, "applicants.evidence.uploaded", application,
            indicator=str(indicator), name=name, size=checked.size, sha256=checked.sha256,
        )
    except BaseException:
        evidence.file.storage.delete(evidence.file.name)  # nothing was recorded: leave no stored file behind
        raise
    return evidence


def may_delete(application, evidence):
    """Not yet part of a submission: uploaded after the latest submission, or never submitted."""
    return application.submitted_at is None or evidence.created_at > application.submitted_at


@transaction.atomic
def delete_evidence(evidence, *, by):
    """Delete an evidence file not yet submitted. The stored file is removed after commit.

    Audits `applicants.evidence.deleted` (name, size, hash).
    """
    application = Application.objects.select_for_update(of=("self",)).select_related("round").get(pk=evidence.application_id)
    evidence = EvidenceFile.objects.select_for_update().select_related("indicator").get(pk=evidence.pk)
    check_editable_by(application, by)
    if not may_delete(application, evidence):
        raise DomainError("该文件已随申报提交，不能删除；如需更正，请上传新文件并在陈述中说明。", code="evidence_submitted")
    storage, stored_name = evidence.file.storage, evidence.file.name
    audit_data = {"indicator": str(evidence.indicator), "name": evidence.display_name, "size": evidence.size, "sha256": evidence.sha256}
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(stored_name))
    audit.record(by, "applicants.evidence.deleted", application, **audit_data)
    return evidence

