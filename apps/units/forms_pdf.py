"""The recommendation form (推荐表) PDF: requesting it, rendering it with WeasyPrint, and who may have it.

The row is the record, the Celery task a courier (as for notices). `request_recommendation_form`
freezes what the form will show into the row (`inputs`, with the ID number masked) and its hash;
asking again with unchanged data returns the same row (ready, queued or rendering) as it is, and a
failed one is queued again. The task claims the row with a conditional UPDATE from `queued` to
`rendering`, so a retried or duplicated task finds nothing to claim and renders nothing; a row
left `rendering` by a worker that died is claimable again after `RENDER_LEASE`. Rendering happens
outside any transaction; the file is stored under a random name with its SHA-256 and the row
marked ready in one short transaction. Redis down: the row stays queued (`published_at` empty),
the page says so, and `reconcile_recommendation_forms` queues it once the broker is back.

Who: the unit's staff of the application's unit, and the office for an application it sees (a
forwarded one), request, follow and download it. Not the applicant: the form holds the unit's
opinion and rank, which are for the unit and the office (as in `apps.applicants.history`), so the
applicant, who may see the application, is refused the form (403).
"""
import hashlib
import importlib.util
import json
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from apps.accounts.roles import is_programme_staff, is_unit_staff
from apps.applicants import permissions as application_permissions
from apps.applicants.models import Application
from apps.applicants.selectors_evidence import grouped_by_power, statement_rows
from apps.core import audit
from apps.core.exceptions import DomainError
from apps.core.masking import mask_resident_id

from .models_forms import FormStatus, RecommendationForm

logger = logging.getLogger(__name__)

# Bump when the template or its stylesheet changes what a form shows: every form then renders anew.
LAYOUT_VERSION = 2
TEMPLATE = "units/recommendation_form.html"
STYLESHEET = "css/print/recommendation_form.css"
# A row `rendering` for longer than this was left by a worker that died: it may be claimed again.
RENDER_LEASE = timedelta(minutes=10)
# The unit's attestation at forwarding (`apps.units.services.forward_application`): field, what it attests.
ATTESTATION_FIELDS = (("attests_political_quality", "政治素质"), ("attests_craftsman_spirit", "工匠精神"))
REFEREES_MODULE = "apps.applicants.models_referees"


class FormNotAvailable(DomainError):
    code = "form_not_available"
    default_message = "推荐表尚未生成，请稍后再试。"


# --- Who ---------------------------------------------------------------------------------------


def may_have_form(user, application):
    """The unit's staff, and the office: request, status, file. No query: for an application already
    fetched within `user`'s reach (`get_application_for`: the office sees forwarded ones only)."""
    return is_unit_staff(user, application.unit) or is_programme_staff(user)


# --- What the form shows -------------------------------------------------------------------------


def _label(instance, field):
    value = getattr(instance, field)
    return dict(instance._meta.get_field(field).flatchoices).get(value, value) if value else ""


def _attestation(application):
    """The unit's attestation as the form shows it: what it attests, who attested it and when.

    Recorded by `forward_application` (both conditions, the staff member, the instant) and cleared by
    `withdraw_forward`; an application not forwarded has none (empty list and strings)."""
    attested_at = timezone.localtime(application.attested_at) if application.attested_at else None
    return {
        "attestations": [label for field, label in ATTESTATION_FIELDS if getattr(application, field)],
        "attested_by": str(application.attested_by) if application.attested_by_id else "",
        "attested_at": attested_at.strftime("%Y-%m-%d %H:%M") if attested_at else "",
    }


def _referees(application):
    """The referees as the form lists them, or None while the referees model does not exist yet."""
    if importlib.util.find_spec(REFEREES_MODULE) is None:
        return None
    from apps.applicants.models_referees import Referee

    order = [name for name in ("slot", "position", "order", "pk") if name == "pk" or hasattr(Referee, name)][:1]
    rows = []
    for referee in Referee.objects.filter(application=application).order_by(*order, "pk"):
        rows.append({
            "name": getattr(referee, "name", "") or "",
            "title": _label(referee, "title") if hasattr(referee, "title") else "",
            "employer": getattr(referee, "employer_name", "") or "",
            "relationship": getattr(referee, "relationship", "") or "",
            "status": _label(referee, "status") if hasattr(referee, "status") else "",
        })
    return rows


def form_inputs(application):
    """Everything the form shows, as JSON-ready values: the profile (ID number masked), the statement,
    the referees, the unit's opinion and rank, the round and unit. No phone number."""
    powers = [
        {"label": group.label, "rows": [
            {"code": row.indicator.code, "name": row.indicator.name, "text": row.text} for row in group.rows
        ]}
        for group in grouped_by_power(statement_rows(application))
    ]
    return {
        "round": {"year": application.round.year, "title": application.round.title},
        "unit": {"name": application.unit.name, "kind": application.unit.kind_label},
        "profile": {
            "full_name": application.full_name or application.applicant.display_name,
            "gender": _label(application, "gender"),
            "birth_date": application.birth_date.isoformat() if application.birth_date else "",
            "resident_id": mask_resident_id(application.resident_id) if application.resident_id else "",
            "employer_name": application.employer_name,
            "employer_credit_code": application.employer_credit_code,
            "industry": _label(application, "industry"),
            "region": _label(application, "region"),
            "post": application.post,
            "frontline_years": application.frontline_years,
            "skill_level": _label(application, "skill_level"),
            "competition_placings": application.competition_placings,
            "titles_held": application.titles_held,
        },
        "statement": powers,
        "referees": _referees(application),
        "opinion": application.recommendation_opinion,
        **_attestation(application),
        "rank": application.unit_rank,
        "status": application.status_label,
    }


def input_hash(inputs):
    payload = json.dumps({"layout": LAYOUT_VERSION, "inputs": inputs}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


# --- Requesting ----------------------------------------------------------------------------------


@transaction.atomic
def request_recommendation_form(application, *, by):
    """The form of `application` as it stands now: the existing row for unchanged inputs, else a new one.

    A new row (or a failed one asked for again) is queued for rendering after commit. Refuses anyone
    but the unit's staff and the office (403). Audits `units.recommendationform.requested` for a new
    or re-queued row only.
    """
    # Lock the application: two clicks at once meet here, and the inputs are read as one state.
    application = Application.objects.select_for_update(of=("self",)).select_related("round", "unit", "applicant", "attested_by").get(pk=application.pk)
    if by is not None and not (may_have_form(by, application) and application_permissions.can_view(by, application)):
        raise PermissionDenied
    inputs = form_inputs(application)
    digest = input_hash(inputs)
    form = RecommendationForm.objects.select_for_update().filter(application=application, input_hash=digest).first()
    if form is not None and form.status != FormStatus.FAILED:
        return form  # unchanged data: the same form, ready or on its way
    if form is None:
        form = RecommendationForm.objects.create(application=application, input_hash=digest, inputs=inputs, requested_by=by)
    else:
        form.status, form.error, form.published_at, form.started_at, form.finished_at = FormStatus.QUEUED, "", None, None, None
        form.requested_by = by
        form.save(update_fields=["status", "error", "published_at", "started_at", "finished_at", "requested_by", "updated_at"])
    form_id = form.pk
    transaction.on_commit(lambda: publish_form(form_id))
    audit.record(by, "units.recommendationform.requested", application, form=form.pk, input_hash=digest)
    return form


def publish_form(form_id):
    """Queue the rendering task; stamp `published_at` when the broker took it. Never raises."""
    from apps.notices.services import publish_task

    from .tasks import render_recommendation_form

    if publish_task(render_recommendation_form, form_id=form_id):
        RecommendationForm.objects.filter(pk=form_id, published_at__isnull=True).update(published_at=timezone.now())
        return True
    return False


def requeue_waiting_forms(*, older_than):
    """Queue again the forms a lost broker dropped or a dead worker left: queued before `older_than`,
    or rendering past the lease. Returns how many were queued."""
    stale = timezone.now() - RENDER_LEASE
    ids = list(
        RecommendationForm.objects.filter(
            Q(status=FormStatus.QUEUED, created_at__lt=older_than)
            | Q(status=FormStatus.QUEUED, published_at__isnull=True)
            | Q(status=FormStatus.RENDERING, started_at__lt=stale)
        ).values_list("pk", flat=True)
    )
    for form_id in ids:
        publish_form(form_id)
    return len(ids)


# --- Rendering ------------------------------------------------------------------------------------


def _claim(form_id):
    """Take the row for one rendering: queued (or rendering past the lease) -> rendering. None: nothing to do."""
    now = timezone.now()
    claimed = RecommendationForm.objects.filter(
        Q(status=FormStatus.QUEUED) | Q(status=FormStatus.RENDERING, started_at__lt=now - RENDER_LEASE), pk=form_id
    ).update(status=FormStatus.RENDERING, started_at=now, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        return None
    return RecommendationForm.objects.select_related("application__round").get(pk=form_id)


def render_pdf(inputs, *, generated_at):
    """The PDF bytes of a form showing `inputs` (WeasyPrint, the system's Noto CJK fonts)."""
    from PIL import ImageFile
    from weasyprint import CSS, HTML

    # WeasyPrint's import turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process; the evidence checks
    # need it off (the form embeds no raster image, so nothing here needs it on).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    html = render_to_string(TEMPLATE, {"form": inputs, "generated_at": timezone.localtime(generated_at)})
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet])


def storage_name(form):
    return f"forms/{form.application.round_id}/{form.application_id}/{uuid.uuid4().hex}.pdf"


def render_form(form_id):
    """Render the form `form_id` if it waits for it, store the file and mark it ready; or mark it failed.

    Idempotent: a form already claimed, ready or failed is returned untouched (no second rendering).
    Audits `units.recommendationform.rendered` (size, SHA-256) or `.failed` (the error), as the system.
    """
    form = _claim(form_id)
    if form is None:
        return RecommendationForm.objects.filter(pk=form_id).first()
    claimed_at = form.started_at
    try:
        content = render_pdf(form.inputs, generated_at=claimed_at)
    except Exception as error:  # WeasyPrint, fonts, the template: the row says what went wrong
        logger.exception("Recommendation form %s failed to render", form_id)
        return _settle_failed(form, claimed_at, f"{error.__class__.__name__}: {error}")
    return _settle_ready(form, claimed_at, content)


def _still_ours(form, claimed_at):
    current = RecommendationForm.objects.select_for_update().filter(pk=form.pk).first()
    return current is not None and current.status == FormStatus.RENDERING and current.started_at == claimed_at


def _settle_ready(form, claimed_at, content):
    name = form.file.storage.save(storage_name(form), ContentFile(content))
    try:
        with transaction.atomic():
            if not _still_ours(form, claimed_at):  # a later claim (past the lease) owns the row now
                transaction.on_commit(lambda: form.file.storage.delete(name))
                return RecommendationForm.objects.get(pk=form.pk)
            form.file.name, form.size, form.sha256 = name, len(content), hashlib.sha256(content).hexdigest()
            form.status, form.error, form.finished_at = FormStatus.READY, "", timezone.now()
            form.save(update_fields=["file", "size", "sha256", "status", "error", "finished_at", "updated_at"])
            audit.record(None, "units.recommendationform.rendered", form.application, form=form.pk, size=form.size, sha256=form.sha256)
    except BaseException:
        form.file.storage.delete(name)
        raise
    return form


def _settle_failed(form, claimed_at, error):
    with transaction.atomic():
        if not _still_ours(form, claimed_at):
            return RecommendationForm.objects.get(pk=form.pk)
        form.status, form.error, form.finished_at = FormStatus.FAILED, error[:500], timezone.now()
        form.save(update_fields=["status", "error", "finished_at", "updated_at"])
        audit.record(None, "units.recommendationform.failed", form.application, form=form.pk, error=form.error[:200])
    return form


# --- Reading -------------------------------------------------------------------------------------


def latest_form(application):
    """The application's most recent form row, or None (one query)."""
    return RecommendationForm.objects.filter(application=application).order_by("-created_at", "-pk").first()


def latest_and_ready(application):
    """(the most recent form row, the most recent ready one), either None, in one query."""
    forms = RecommendationForm.objects.filter(application=application)
    latest = forms.order_by("-created_at", "-pk").values("pk")[:1]
    ready = forms.filter(status=FormStatus.READY).order_by("-finished_at", "-pk").values("pk")[:1]
    rows = list(forms.filter(Q(pk=Subquery(latest)) | Q(pk=Subquery(ready))).order_by("-created_at", "-pk"))
    ready_rows = [form for form in rows if form.status == FormStatus.READY]
    return (rows[0] if rows else None), (max(ready_rows, key=lambda form: (form.finished_at, form.pk)) if ready_rows else None)


def ready_form(application):
    """The most recent ready form of `application` (its file), or `FormNotAvailable`."""
    form = RecommendationForm.objects.filter(application=application, status=FormStatus.READY).order_by("-finished_at", "-pk").first()
    if form is None:
        raise FormNotAvailable()
    return form


def download_name(form):
    name = form.inputs.get("profile", {}).get("full_name") or "申报人"
    return f"推荐表-{form.inputs.get('round', {}).get('year', '')}-{name}.pdf"
