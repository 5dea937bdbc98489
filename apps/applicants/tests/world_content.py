"""The permission matrix world's statement answers and evidence files (tests/world.py calls `world_content`)."""
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from django.utils import timezone

from apps.applicants.models import ApplicationSnapshot, EvidenceFile, StatementAnswer
from apps.applicants.samples import pdf_bytes

WORLD_PDF = pdf_bytes("World")


def world_content(round, application_a, forwarded_a, applicant_a, forwarded_applicant):
    indicator = round.indicators.order_by("position").first()
    answer_a = StatementAnswer.objects.create(application=application_a, indicator=indicator, text="世界里的陈述", version=1)

    def evidence(application, applicant, name):
        return EvidenceFile.objects.create(
            application=application, indicator=indicator, display_name=name, file=f"evidence/world/{application.pk}.pdf",
            content_type="application/pdf", size=len(WORLD_PDF), sha256="0" * 64, uploaded_by=applicant,
        )

    def snapshot(application):
        content = {"profile": {}, "answers": [{"indicator": indicator.code, "power": indicator.power, "name": str(indicator), "text": "冻结的陈述"}], "evidence": []}
        return ApplicationSnapshot.objects.create(
            application=application, version=1, submitted_at=application.submitted_at or timezone.now(), content=content, content_sha256="0" * 64
        )

    return {
        "snapshot_a": snapshot(application_a),
        "snapshot_forwarded": snapshot(forwarded_a),
        "answer_a": answer_a,
        "answer_forwarded": StatementAnswer.objects.create(application=forwarded_a, indicator=indicator, text="已报送申报的陈述", version=1),
        "evidence_a": evidence(application_a, applicant_a, "申报人A的证书.pdf"),
        "evidence_forwarded": evidence(forwarded_a, forwarded_applicant, "已报送申报的证书.pdf"),
    }


def stored(evidence):
    """Write `evidence`'s stored file into the current MEDIA_ROOT (each test has its own) if it is not there."""
    if not default_storage.exists(evidence.file.name):
        default_storage.save(evidence.file.name, ContentFile(WORLD_PDF))
    return evidence
