"""Make an application complete for submission (`apps.applicants.completeness`), for tests of the moves.

Writes the rows directly, as a filled-in application would have them: every required profile field
(a valid resident ID number unique per application), an answer to each indicator and one evidence
file per power, three confirmed referees with their signed letters (rows only: no stored file, nothing
here downloads them; the referees as `world_referees` writes them, none from the applicant's employer).
"""
import hashlib
import uuid
from datetime import timedelta

from django.utils import timezone

from apps.applicants.models import Application, EvidenceFile, Referee, StatementAnswer
from apps.applicants.models_referees import SLOTS, RefereeStatus
from apps.applicants.referees import token_digest
from apps.applicants.tests.referee_helpers import referee_data
from apps.core.validators import resident_id_check_char


def resident_id_for(number, *, male=True):
    """A valid 18-digit number born 1985-06-01 in 东城区, distinct per `number` (0-499)."""
    sequence = (number % 500) * 2 + (1 if male else 0)
    first17 = f"11010119850601{sequence:03d}"
    return first17 + resident_id_check_char(first17)


def complete_profile(application):
    """The required profile fields filled in (read afresh: a caller's copy may be older than the row)."""
    application = Application.objects.select_related("applicant").get(pk=application.pk)
    number = application.pk
    resident_id = resident_id_for(number)
    values = {
        "full_name": application.full_name or (application.applicant.display_name or "王建国"), "gender": "M",
        "birth_date": "1985-06-01", "resident_id": resident_id, "mobile": f"138{number % 10**8:08d}",
        "email": application.email or "applicant@example.com",
        "employer_name": application.employer_name or "中国一重集团有限公司", "employer_credit_code": "91110100850001982H",
        "industry": "C", "region": "11", "post": "数控车工", "frontline_years": 12, "skill_level": "senior_technician",
    }
    for name, value in values.items():
        setattr(application, name, value)
    application.save(update_fields=[*values, "updated_at"])
    return application


def complete_statement(application, *, text="在一线岗位承担关键工序，攻克多项难题。"):
    answered = set(StatementAnswer.objects.filter(application=application).exclude(text="").values_list("indicator_id", flat=True))
    StatementAnswer.objects.bulk_create(
        StatementAnswer(application=application, indicator=indicator, text=text, version=1)
        for indicator in application.round.indicators.order_by("position")
        if indicator.pk not in answered
    )


def evidence_row(application, indicator, name="证书.pdf"):
    return EvidenceFile.objects.create(
        application=application, indicator=indicator, display_name=name, file=f"evidence/tests/{application.pk}/{indicator.pk}.pdf",
        content_type="application/pdf", size=1024, sha256=hashlib.sha256(name.encode()).hexdigest(), uploaded_by=application.applicant,
    )


def complete_evidence(application):
    first_of_power = {}
    for indicator in application.round.indicators.order_by("position"):
        first_of_power.setdefault(indicator.power, indicator)
    for power, indicator in first_of_power.items():
        evidence_row(application, indicator, name=f"{indicator.name}证明.pdf")


def confirmed_referee(application, slot, **overrides):
    """A referee in `slot` who has confirmed with a signed letter (a row: the letter is not stored)."""
    now = timezone.now()
    data = {key: value for key, value in referee_data(slot - 1).items()}
    data["email"] = f"referee{application.pk}-{slot}@example.com"
    letter = f"推荐信{application.pk}-{slot}".encode()
    referee = Referee(
        application=application, slot=slot, **(data | overrides), status=RefereeStatus.CONFIRMED, confirmed_at=now,
        token_hash=token_digest(f"complete-{uuid.uuid4().hex}"), token_expires_at=now + timedelta(days=14), sent_at=now,
        letter=f"referees/tests/{application.pk}-{slot}.pdf", letter_name="推荐信.pdf", letter_content_type="application/pdf",
        letter_size=len(letter), letter_sha256=hashlib.sha256(letter).hexdigest(),
    )
    referee.save()
    return referee


def complete_referees(application):
    """A confirmed referee in every slot that has no live one (live invited ones are left as they are)."""
    taken = set(Referee.objects.filter(application=application).exclude(status=RefereeStatus.REPLACED).values_list("slot", flat=True))
    return [confirmed_referee(application, slot) for slot in SLOTS if slot not in taken]


def complete_application(application):
    """`application` with everything the checklist asks for; returns it reloaded."""
    complete_profile(application)
    complete_statement(application)
    complete_evidence(application)
    complete_referees(application)
    return Application.objects.select_related("round", "unit", "applicant").get(pk=application.pk)
