"""The permission matrix world's referees (tests/world.py calls `world_referees`), and the link holder's column.

Application A (submitted) has an invited referee in slot 1 whose link token is WORLD_REFEREE_TOKEN (only its
HMAC is stored, as the service stores it) and a confirmed one in slot 2 with a letter; the forwarded
application has a confirmed one with a letter (so the office has a letter it may read).
"""
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from apps.applicants.models import Referee
from apps.applicants.referees import token_digest
from apps.applicants.samples import pdf_bytes
from apps.units.demo import employer_credit_code

WORLD_REFEREE_TOKEN = "world-referee-link-of-application-a"
WORLD_LETTER = pdf_bytes("Signed letter")


def _referee(application, slot, *, token, confirmed, name):
    now = timezone.now()
    employer = f"世界推荐专家单位{application.pk}-{slot}"
    referee = Referee(
        application=application, slot=slot, name=name, email=f"referee{application.pk}-{slot}@example.com",
        title="full_senior", employer_name=employer, employer_credit_code=employer_credit_code(employer, "31"),
        relationship="同行业专家", token_hash=token_digest(token), token_expires_at=now + timedelta(days=14), sent_at=now,
    )
    if confirmed:
        referee.status, referee.confirmed_at = "confirmed", now
        referee.letter = f"referees/world/{application.pk}-{slot}.pdf"
        referee.letter_name, referee.letter_content_type = "推荐信.pdf", "application/pdf"
        referee.letter_size, referee.letter_sha256 = len(WORLD_LETTER), "0" * 64
    referee.save()
    return referee


def world_referees(application_a, forwarded_a):
    return {
        "referee_a": _referee(application_a, 1, token=WORLD_REFEREE_TOKEN, confirmed=False, name="李强"),
        "referee_a_confirmed": _referee(application_a, 2, token="world-used-link-a", confirmed=True, name="周敏"),
        "referee_forwarded": _referee(forwarded_a, 1, token="world-used-link-f", confirmed=True, name="吴海"),
    }


def stored_letter(referee):
    """Write `referee`'s letter into the current MEDIA_ROOT (each test has its own) if it is not there."""
    if not default_storage.exists(referee.letter.name):
        default_storage.save(referee.letter.name, ContentFile(WORLD_LETTER))
    return referee


def open_referee_link(client, world):
    """The referee link holder's column: an anonymous client that has opened the world's link."""
    response = client.get(reverse("applicants:referee-link", kwargs={"token": WORLD_REFEREE_TOKEN}))
    assert response.status_code == 200, response.status_code
