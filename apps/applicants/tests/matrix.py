"""Permission matrix rows of the applicants app: the applicant's desk, the application page and its moves,
the applications API, and the admin of applications (see tests/matrix.py for the format)."""
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application, EvidenceFile, StatementAnswer
from apps.applicants.tests.world_content import WORLD_PDF, stored
from django.core.files.uploadedfile import SimpleUploadedFile
from apps.core.selectors import history_of
from apps.applicants.tests.matrix_intake import ROWS as INTAKE_ROWS
from apps.applicants.tests.matrix_referees import ROWS as REFEREE_ROWS
from tests.matrix import A, ADMIN_LOGIN, B, F, GET, LOGIN, POST, TO_ADMIN_INDEX, AdminPages, Redirect, Row, Shows

TO_DETAIL = Redirect("applicants:detail", with_row_kwargs=True)
TO_APPLICATION_ADMIN = Redirect("admin:applicants_application_changelist")
OFFICE_FORMAL_PASS = {"action": "move_to_formal_passed", "index": 0, "select_across": 1, "_selected_action": ["0"], "confirm": "yes"}


# Valid for the rightful actor: unit A's staff may return (generic change) or forward (named action,
# units:forward) applicant A's submitted application. Forwarding is guarded: the generic change refuses it.
RETURN = {"to": ApplicationStatus.RETURNED, "reason": "缺少技能等级证书"}
FORWARD = {"opinion": "同意推荐", "political_quality": "on", "craftsman_spirit": "on"}


def application_a_pk(world):
    return {"pk": world.application_a.pk}


def application_state(world):
    application = Application.objects.get(pk=world.application_a.pk)
    return (application.status, application.status_reason, application.submitted_at, len(history_of(application)))


def forwarded_a_state(world):
    application = Application.objects.get(pk=world.forwarded_a.pk)
    return (application.status, application.status_reason, len(history_of(application)))


def content_state(world):
    return (
        list(StatementAnswer.objects.filter(application=world.application_a).values_list("text", "version")),
        list(EvidenceFile.objects.filter(application=world.application_a).values_list("pk", "display_name")),
    )


def snapshot_a(world):
    return {"pk": world.application_a.pk, "version": world.snapshot_a.version}


def snapshot_forwarded(world):
    return {"pk": world.forwarded_a.pk, "version": world.snapshot_forwarded.version}


def evidence_a(world):
    return {"pk": world.application_a.pk, "file_pk": stored(world.evidence_a).pk}


def evidence_forwarded(world):
    return {"pk": world.forwarded_a.pk, "file_pk": stored(world.evidence_forwarded).pk}


def answer_a(world):
    return {"pk": world.application_a.pk, "indicator_pk": world.answer_a.indicator_id}


def upload_body(world):
    return {"indicator": world.answer_a.indicator_id, "file": SimpleUploadedFile("证书.pdf", WORLD_PDF, content_type="application/pdf")}


ANSWER = {"text": "改写的陈述", "version": 1}
TO_EVIDENCE = Redirect("applicants:evidence", kwargs=application_a_pk)


# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("applicants:dashboard", GET, (               LOGIN,             Shows(A),          Shows(B),          403,               403,               403,               403,               403,               LOGIN)),
    # A merely submitted application is not yet visible to the office (it has no forwarded_at).
    Row("applicants:detail", GET, (                  LOGIN,             200,               404,               200,               404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk),
    # Applicant A may see the application but returning it is the unit's move: 403, not 404.
    Row("applicants:change-status", POST, (          LOGIN,             403,               404,               TO_DETAIL,         404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data=RETURN, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),
    # Application A is already submitted: asking again is a no-op for its applicant, 403 for its unit.
    Row("applicants:submit", POST, (                 LOGIN,             TO_DETAIL,         404,               403,               404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data={}, snapshot=application_state),

    # A submitted version (snapshot) of application A, and of the forwarded one (the office sees that).
    Row("applicants:snapshot", GET, (                LOGIN,             200,               404,               200,               404,               404,               404,               404,               LOGIN),
        kwargs=snapshot_a),
    Row("applicants:snapshot", GET, (                LOGIN,             404,               404,               200,               404,               404,               200,               200,               LOGIN),
        kwargs=snapshot_forwarded, case="forwarded"),

    # The statement and the evidence (views_statement.py, views_evidence.py). Application A is submitted:
    # its applicant reads but no longer changes it (400: the service's refusal), its unit reads it.
    Row("applicants:statement", GET, (               LOGIN,             200,               404,               200,               404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk),
    Row("applicants:statement-save", POST, (         LOGIN,             400,               404,               403,               404,               404,               404,               404,               LOGIN),
        kwargs=answer_a, data=ANSWER, snapshot=content_state),
    Row("applicants:evidence", GET, (                LOGIN,             200,               404,               200,               404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk),
    Row("applicants:evidence-upload", POST, (        LOGIN,             400,               404,               403,               404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data=upload_body, snapshot=content_state),
    # The file itself: whoever may see the application, and no one else.
    Row("applicants:evidence-download", GET, (       LOGIN,             200,               404,               200,               404,               404,               404,               404,               LOGIN),
        kwargs=evidence_a),
    Row("applicants:evidence-download", GET, (       LOGIN,             404,               404,               200,               404,               404,               200,               200,               LOGIN),
        kwargs=evidence_forwarded, case="forwarded"),
    # The confirmation page is the applicant's (it says a submitted file cannot go); the delete is refused back to the list.
    Row("applicants:evidence-delete", GET, (         LOGIN,             200,               404,               403,               404,               404,               404,               404,               LOGIN),
        kwargs=evidence_a),
    Row("applicants:evidence-delete", POST, (        LOGIN,             TO_EVIDENCE,       404,               403,               404,               404,               404,               404,               LOGIN),
        kwargs=evidence_a, data={}, snapshot=content_state),

    Row("api:application-list", GET, (               401,               Shows(A),          Shows(B),          Shows(A, F),       Shows(B),          Shows(),           Shows(F),          Shows(F),          401)),
    Row("api:application-detail", GET, (             401,               200,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk),
    Row("api:application-change-status", POST, (     401,               403,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk, data=RETURN, json=True, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),
    # Already submitted: a second submission is refused (400) for its applicant, 403 for its unit.
    Row("api:application-submit", POST, (            401,               400,               404,               403,               404,               404,               404,               404,               401),
        kwargs=application_a_pk, data={"version": "0"}, json=True, snapshot=application_state),
    # Completeness and the submission snapshots (api_submission.py): whoever may see the application.
    Row("api:application-completeness", GET, (       401,               200,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk),
    Row("api:application-snapshots", GET, (          401,               200,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk),
    Row("api:application-snapshot", GET, (           401,               200,               404,               200,               404,               404,               404,               404,               401),
        kwargs=snapshot_a),
    Row("api:application-snapshot", GET, (           401,               404,               404,               200,               404,               404,               200,               200,               401),
        kwargs=snapshot_forwarded, case="forwarded"),
    Row("api:application-forward", POST, (           401,               403,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk, data=FORWARD, json=True, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),

    Row("api:application-answers", GET, (           401,               200,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk),
    Row("api:application-answer", POST, (            401,               400,               404,               403,               404,               404,               404,               404,               401),
        kwargs=answer_a, data=ANSWER, json=True, snapshot=content_state),
    Row("api:application-evidence", GET, (          401,               200,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk),
    Row("api:application-evidence", POST, (         401,               400,               404,               403,               404,               404,               404,               404,               401),
        kwargs=application_a_pk, data=upload_body, snapshot=content_state),
    Row("api:application-evidence-file", GET, (     401,               200,               404,               200,               404,               404,               404,               404,               401),
        kwargs=evidence_a),
    Row("api:application-evidence-download", GET, ( 401,               200,               404,               200,               404,               404,               404,               404,               401),
        kwargs=evidence_a),
    Row("api:application-evidence-download", GET, ( 401,               404,               404,               200,               404,               404,               200,               200,               401),
        kwargs=evidence_forwarded, case="forwarded"),

    # The admin keeps the office's scope too: a merely submitted application "does not exist"
    # there (the admin answers a missing object with a redirect to its index).
    Row("admin:applicants_application_change", GET, (ADMIN_LOGIN,      ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       TO_ADMIN_INDEX,    TO_ADMIN_INDEX,    ADMIN_LOGIN),
        kwargs=lambda world: {"object_id": world.application_a.pk}, case="not-yet-forwarded"),
    # View only, for the superuser too: a posted change form changes nothing.
    Row("admin:applicants_application_change", POST, (ADMIN_LOGIN,     ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       403,               403,               ADMIN_LOGIN),
        kwargs=lambda world: {"object_id": world.forwarded_a.pk}, data={"status": ApplicationStatus.PUBLISHED, "_save": "保存"},
        snapshot=forwarded_a_state),
    # The office's move actions on applications (here: a confirmed formal pass of every application
    # in reach). The world's round is still recommending, so the service refuses even the office's:
    # nothing changes for anyone; apps/applicants/tests/test_admin.py covers the allowed move.
    Row("admin:applicants_application_changelist", POST, (ADMIN_LOGIN,   ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       TO_APPLICATION_ADMIN, TO_APPLICATION_ADMIN, ADMIN_LOGIN),
        data=OFFICE_FORMAL_PASS, snapshot=forwarded_a_state),
    *INTAKE_ROWS,
    *REFEREE_ROWS,
)

# Who of the office opens each admin page:   (programme_staff, superuser)
ADMIN = (
    # View only, from forwarding on (ReadOnlyAdmin, applications_visible_to).
    AdminPages("applicants.application", obj=lambda world: world.forwarded_a,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
    # View only, within the same scope (the forwarded application's answer and file).
    AdminPages("applicants.evidencefile", obj=lambda world: world.evidence_forwarded,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
    AdminPages("applicants.statementanswer", obj=lambda world: world.answer_forwarded,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
    AdminPages("applicants.referee", obj=lambda world: world.referee_forwarded,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
    # View only (ReadOnlyAdmin; applicants.view_consent in ROLE_PERMISSIONS).
    AdminPages("applicants.consent", obj=lambda world: world.consent_a,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
)
# fmt: on
