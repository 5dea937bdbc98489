"""Freezing a submission: the content of `ApplicationSnapshot` and the queries that read snapshots.

`freeze(application, now)` runs inside the submit move (`guards.freeze_snapshot`), under the
application's row lock, so no edit lands between the completeness check and the freeze. The JSON holds:

- profile: every profile field as stored, except that the resident ID number and the mobile are
  masked (`masked_profile`); the plain numbers never enter the JSON. Choice fields carry their label.
- answers: per indicator (in the round's order) its code, power, name and text.
- evidence: per file its indicator code, display name, type, size and SHA-256 (the file itself is kept
  by the evidence rules: a submitted file can no longer be deleted).
- referees: the live referees (not replaced) by slot, with what says who recommended and how: slot,
  name, title, employer, relationship, status, confirmed_at and the signed letter's SHA-256. No email,
  no token or its digest, no letter path: the snapshot is read by the unit and the office, who reach a
  referee through the applicant, and the letter itself stays with the referee's row.
"""
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404

from . import selectors_evidence
from .models import ApplicationSnapshot
from .models_referees import STATUS_LABELS
from .profile import PROFILE_FIELDS, masked_profile

MASKED_FIELDS = frozenset({"resident_id", "mobile"})
# What a snapshot keeps of a referee (never the email, the token's digest or the letter's storage path).
REFEREE_FIELDS = (
    "slot", "name", "title", "employer_name", "employer_credit_code", "relationship", "status", "confirmed_at", "letter_sha256",
)


def profile_content(application):
    masked = masked_profile(application)
    content = {}
    for name in PROFILE_FIELDS:
        value = masked[name] if name in MASKED_FIELDS else getattr(application, name)
        display = getattr(application, f"get_{name}_display", None)
        content[name] = {"value": value, "label": display() if display and value else None}
    return content


def answers_content(rows):
    return [
        {"indicator": row.indicator.code, "power": row.indicator.power, "name": str(row.indicator), "text": row.text}
        for row in rows
    ]


def evidence_content(rows):
    return [
        {
            "indicator": row.indicator.code, "indicator_name": str(row.indicator), "name": evidence.display_name,
            "content_type": evidence.content_type, "size": evidence.size, "sha256": evidence.sha256,
        }
        for row in rows for evidence in row.files
    ]


def referees_content(application, referees=None):
    """The live referees' part, by slot (`referees`: `referees.live_referees(application)` if already loaded, else one query).

    Each carries the title's and the status's labels too, so a snapshot reads the same after a label changes.
    """
    if referees is None:
        from .referees import live_referees

        referees = live_referees(application)
    return [
        {
            **{name: _plain(getattr(referee, name)) for name in REFEREE_FIELDS},
            "title_label": referee.title_label, "status_label": STATUS_LABELS.get(referee.status, referee.status),
        }
        for referee in referees
    ]


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def content_of(application):
    """The JSON-ready content of `application` now (three queries, plus the referees' one)."""
    rows = selectors_evidence.statement_rows(application, with_files=True)
    content = {
        "profile": profile_content(application),
        "unit": application.unit.name,
        "round": application.round.year,
        "answers": answers_content(rows),
        "evidence": evidence_content(rows),
        "referees": referees_content(application),
    }
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


def digest(content):
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def freeze(application, now):
    """Write the next version's snapshot of `application` (row locked by the caller). Returns it."""
    latest = ApplicationSnapshot.objects.filter(application=application).order_by("-version").values_list("version", flat=True).first()
    content = content_of(application)
    return ApplicationSnapshot.objects.create(
        application=application, version=(latest or 0) + 1, submitted_at=now, content=content, content_sha256=digest(content)
    )


def answers_by_power(content):
    """A snapshot's answers and files grouped by the five powers, in the powers' order: [(label, [answer+files])]."""
    from apps.rounds.enums import Power

    files = {}
    for evidence in content.get("evidence", []):
        files.setdefault(evidence["indicator"], []).append(evidence)
    labels = dict(Power.choices)
    groups = {}
    for answer in content.get("answers", []):
        row = {**answer, "files": files.get(answer["indicator"], [])}
        groups.setdefault(answer["power"], (labels.get(answer["power"], answer["power"]), []))[1].append(row)
    return list(groups.values())


# --- Reading -----------------------------------------------------------------------------------

# A versions list shows these; the content stays in the database until one snapshot is read.
LIST_FIELDS = ("id", "application_id", "version", "submitted_at", "content_sha256")


def snapshots_of(application):
    """The snapshots of `application` (already checked by its access policy), oldest first, without content."""
    return ApplicationSnapshot.objects.filter(application=application).only(*LIST_FIELDS).order_by("version")


def get_snapshot(application, version):
    """Version `version` of `application` (already checked by its access policy); 404 otherwise."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise Http404 from None
    snapshot = ApplicationSnapshot.objects.filter(application=application, version=version).first()
    if snapshot is None:
        raise Http404
    return snapshot
