"""Permission matrix rows of the referees: the applicant's pages and API, the letter, and the referee's link
(see tests/matrix.py). Every row has the optional `referee_link_holder` cell: a client that has opened the
world's referee link of application A (apps/applicants/tests/world_referees.py) gains nothing else by it.

Application A is submitted, so its applicant's changes are refused by the service (400), its unit's by the
access rule (403), and the link answers, to everyone who holds it, that the application can no longer be
confirmed (200 on the page, 400 in the API). apps/applicants/tests/test_referee_views.py covers the allowed moves.
"""
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.applicants.models import Referee
from apps.applicants.tests.world_content import stored
from apps.applicants.tests.world_referees import WORLD_LETTER, WORLD_REFEREE_TOKEN, stored_letter
from apps.units.demo import employer_credit_code
from tests.matrix import GET, LOGIN, POST, Redirect, Row

HOLDER = "referee_link_holder"
NO_LINK = {HOLDER: LOGIN}  # a link is no account: pages behind the login send its holder to log in
NO_API = {HOLDER: 401}

INVITE = {
    "name": "冯军", "email": "matrix.referee@example.com", "title": "full_senior", "employer_name": "浙江大学",
    "employer_credit_code": employer_credit_code("浙江大学", "33"), "relationship": "同行业专家",
}
TO_REFEREES = Redirect("applicants:referees", kwargs=lambda world: {"pk": world.application_a.pk})


def confirm_body(world):
    return {
        "title": "full_senior", "employer_name": "浙江大学", "employer_credit_code": INVITE["employer_credit_code"],
        "relationship": "同行业专家", "agree": "on", "letter": SimpleUploadedFile("推荐信.pdf", WORLD_LETTER, content_type="application/pdf"),
    }


def referees_state(world):
    return list(Referee.objects.order_by("pk").values_list("pk", "slot", "status", "token_hash", "send_count", "letter_sha256"))


def a_pk(world):
    return {"pk": world.application_a.pk}


def referee_a(world):
    return {"pk": world.application_a.pk, "referee_pk": world.referee_a.pk}


def letter_a(world):
    return {"pk": world.application_a.pk, "referee_pk": stored_letter(world.referee_a_confirmed).pk}


def letter_forwarded(world):
    return {"pk": world.forwarded_a.pk, "referee_pk": stored_letter(world.referee_forwarded).pk}


def link(world):
    return {"token": WORLD_REFEREE_TOKEN}


def bad_link(world):
    return {"token": "not-a-referee-link"}


def evidence_a(world):
    return {"pk": world.application_a.pk, "file_pk": stored(world.evidence_a).pk}


# fmt: off
ROWS = (
    # name, method                                   anonymous  applicant_a  applicant_b  unit_staff_a  unit_staff_b  expert  programme_staff  superuser  inactive
    Row("applicants:referees", GET, (                LOGIN,     200,         404,         200,          404,          404,    404,             404,       LOGIN),
        kwargs=a_pk, extra=NO_LINK),
    Row("applicants:referee-invite", POST, (         LOGIN,     400,         404,         403,          404,          404,    404,             404,       LOGIN),
        kwargs=a_pk, data=INVITE, snapshot=referees_state, extra=NO_LINK),
    Row("applicants:referee-resend", GET, (          LOGIN,     200,         404,         403,          404,          404,    404,             404,       LOGIN),
        kwargs=referee_a, extra=NO_LINK),
    # The service refuses (the application is submitted): back to the list with the message.
    Row("applicants:referee-resend", POST, (         LOGIN,     TO_REFEREES, 404,         403,          404,          404,    404,             404,       LOGIN),
        kwargs=referee_a, data={}, snapshot=referees_state, extra=NO_LINK),
    Row("applicants:referee-replace", GET, (         LOGIN,     200,         404,         403,          404,          404,    404,             404,       LOGIN),
        kwargs=referee_a, extra=NO_LINK),
    Row("applicants:referee-replace", POST, (        LOGIN,     400,         404,         403,          404,          404,    404,             404,       LOGIN),
        kwargs=referee_a, data=INVITE, snapshot=referees_state, extra=NO_LINK),
    # The letter: whoever may see the application (its unit once submitted, the office once forwarded).
    Row("applicants:referee-letter", GET, (          LOGIN,     200,         404,         200,          404,          404,    404,             404,       LOGIN),
        kwargs=letter_a, extra=NO_LINK),
    Row("applicants:referee-letter", GET, (          LOGIN,     404,         404,         200,          404,          404,    200,             200,       LOGIN),
        kwargs=letter_forwarded, case="forwarded", extra=NO_LINK),
    # The referee's page: the link is the credential (no account). A's is closed for confirmation; a made-up one says invalid.
    Row("applicants:referee-link", GET, (            200,       200,         200,         200,          200,          200,    200,             200,       200),
        kwargs=link, extra={HOLDER: 200}),
    Row("applicants:referee-link", GET, (            200,       200,         200,         200,          200,          200,    200,             200,       200),
        kwargs=bad_link, case="bad-token", extra={HOLDER: 200}),
    Row("applicants:referee-link", POST, (           200,       200,         200,         200,          200,          200,    200,             200,       200),
        kwargs=link, data=confirm_body, snapshot=referees_state, extra={HOLDER: 200}),
    # Holding the link opens nothing of the application: its page and files still need an account.
    Row("applicants:detail", GET, (                  LOGIN,     200,         404,         200,          404,          404,    404,             404,       LOGIN),
        kwargs=a_pk, case="referee-link-holder", extra=NO_LINK),
    Row("applicants:evidence-download", GET, (       LOGIN,     200,         404,         200,          404,          404,    404,             404,       LOGIN),
        kwargs=evidence_a, case="referee-link-holder", extra=NO_LINK),

    Row("api:application-referees", GET, (           401,       200,         404,         200,          404,          404,    404,             404,       401),
        kwargs=a_pk, extra=NO_API),
    Row("api:application-referees", POST, (          401,       400,         404,         403,          404,          404,    404,             404,       401),
        kwargs=a_pk, data=INVITE, json=True, snapshot=referees_state, extra=NO_API),
    Row("api:application-referee-resend", POST, (    401,       400,         404,         403,          404,          404,    404,             404,       401),
        kwargs=referee_a, data={}, json=True, snapshot=referees_state, extra=NO_API),
    Row("api:application-referee-replace", POST, (   401,       400,         404,         403,          404,          404,    404,             404,       401),
        kwargs=referee_a, data=INVITE, json=True, snapshot=referees_state, extra=NO_API),
    Row("api:application-referee-letter", GET, (     401,       200,         404,         200,          404,          404,    404,             404,       401),
        kwargs=letter_a, extra=NO_API),
    Row("api:application-referee-letter", GET, (     401,       404,         404,         200,          404,          404,    200,             200,       401),
        kwargs=letter_forwarded, case="forwarded", extra=NO_API),
    Row("api:referee-link", GET, (                   400,       400,         400,         400,          400,          400,    400,             400,       400),
        kwargs=link, extra={HOLDER: 400}),
    Row("api:referee-confirm", POST, (               400,       400,         400,         400,          400,          400,    400,             400,       400),
        kwargs=link, data=confirm_body, snapshot=referees_state, extra={HOLDER: 400}),
)
# fmt: on
