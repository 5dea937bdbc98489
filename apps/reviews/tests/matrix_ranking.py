"""Permission matrix rows of the ranking, the meeting's proposed list, the decision and the exports (views_ranking,
api_ranking): the office only. The world's round is still recommending and has no scores and no meeting, so the
office's pages show empty states, the proposed-list export answers 404 and every POST is refused by a rule
(the page redirects back to the meeting with the message, the API answers 400): nothing changes."""
from apps.reviews.models import Meeting, ProposedEntry
from tests.matrix import GET, LOGIN, POST, Redirect, Row

TO_MEETING = Redirect("reviews:meeting", kwargs=lambda world: {"pk": world.round.pk})


def round_pk(world):
    return {"pk": world.round.pk}


def entry_kwargs(world):
    return {"pk": world.round.pk, "entry_pk": 1}


def meetings(world):
    return (
        list(Meeting.objects.order_by("pk").values_list("pk", "decided_at", "meeting_date")),
        list(ProposedEntry.objects.order_by("pk").values_list("pk", "removed")),
        list(world.round.applications.order_by("pk").values_list("status", flat=True)),
    )


REASON = {"reason": "会议研究", "application": "1"}
RECORD = {"meeting_date": "2026-06-01", "attendees": "委员9人", "outcome": "同意"}
DECISION = {"decision_date": "2026-06-02", "document_number": "总工党〔2026〕12号"}

# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("reviews:ranking", GET, (                    LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN), kwargs=round_pk),
    Row("reviews:ranking-export", GET, (             LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN), kwargs=round_pk),
    Row("reviews:meeting", GET, (                    LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN), kwargs=round_pk),
    Row("reviews:meeting-export", GET, (             LOGIN,             403,               403,               403,               403,               403,               404,               404,               LOGIN), kwargs=round_pk),
    Row("reviews:meeting-decide", GET, (             LOGIN,             403,               403,               403,               403,               403,               TO_MEETING,        TO_MEETING,        LOGIN), kwargs=round_pk),
    Row("reviews:meeting-decide", POST, (            LOGIN,             403,               403,               403,               403,               403,               TO_MEETING,        TO_MEETING,        LOGIN),
        kwargs=round_pk, data=DECISION, snapshot=meetings),
    Row("reviews:meeting-generate", POST, (          LOGIN,             403,               403,               403,               403,               403,               TO_MEETING,        TO_MEETING,        LOGIN),
        kwargs=round_pk, snapshot=meetings),
    Row("reviews:meeting-add", POST, (               LOGIN,             403,               403,               403,               403,               403,               TO_MEETING,        TO_MEETING,        LOGIN),
        kwargs=round_pk, data=REASON, snapshot=meetings),
    Row("reviews:meeting-remove", POST, (            LOGIN,             403,               403,               403,               403,               403,               TO_MEETING,        TO_MEETING,        LOGIN),
        kwargs=entry_kwargs, data=REASON, snapshot=meetings),
    Row("reviews:meeting-record", POST, (            LOGIN,             403,               403,               403,               403,               403,               TO_MEETING,        TO_MEETING,        LOGIN),
        kwargs=round_pk, data=RECORD, snapshot=meetings),
    Row("reviews:meeting-verify", POST, (            LOGIN,             403,               403,               403,               403,               403,               TO_MEETING,        TO_MEETING,        LOGIN),
        kwargs=round_pk, snapshot=meetings),
)

ROWS += (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("api:round-ranking", GET, (                  401,               403,               403,               403,               403,               403,               200,               200,               401), kwargs=round_pk),
    Row("api:round-ranking-export", GET, (           401,               403,               403,               403,               403,               403,               200,               200,               401), kwargs=round_pk),
    Row("api:round-meeting", GET, (                  401,               403,               403,               403,               403,               403,               200,               200,               401), kwargs=round_pk),
    Row("api:round-meeting-export", GET, (           401,               403,               403,               403,               403,               403,               404,               404,               401), kwargs=round_pk),
    Row("api:round-meeting-generate", POST, (        401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data={}, snapshot=meetings),
    Row("api:round-meeting-add", POST, (             401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data={"application": 1, "reason": "会议研究"}, snapshot=meetings),
    Row("api:round-meeting-remove", POST, (          401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=entry_kwargs, json=True, data={"reason": "会议研究"}, snapshot=meetings),
    Row("api:round-meeting-record", POST, (          401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data=RECORD, snapshot=meetings),
    Row("api:round-meeting-decide", POST, (          401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data=DECISION, snapshot=meetings),
    Row("api:round-meeting-verify", POST, (          401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data={}, snapshot=meetings),
)
# fmt: on
