"""Objections: filing (real name, in the period, throttled, behind the challenge, evidence checked), the
receipt look-up, the office's handling, upholding (off the public list, notices), and the objector's
identity hidden from everyone but the office (pages, API, audit)."""
import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.samples import pdf_bytes
from apps.applicants.services import set_application_status
from apps.applicants.tests.evidence_files import pdf_with_javascript, upload
from apps.core.exceptions import DomainError, NamedActionRequired
from apps.core.models import AuditEntry
from apps.notices.kinds import NoticeKind
from apps.notices.models import Notice
from apps.publicity import challenge, objections
from apps.publicity.models import Objection, ObjectionStatus, Publicity
from apps.publicity.tests.objection_helpers import answer, question_in, token_in
from apps.publicity.tests.test_publicity import _approved, approved, in_publicity_phase, library_days, opened  # noqa: F401

NAME, PHONE = "周立新", "13912345678"
pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(opened):
    return opened.entries.get(position=1)


def _form(entry, **overrides):
    return {
        "objector_name": NAME, "phone": PHONE, "relationship": "同厂职工", "content": "该同志所报全国技能大赛名次与事实不符。",
        **overrides,
    }


def _file(entry, **overrides):
    return objections.file_objection(
        entry, name=overrides.get("objector_name", NAME), phone=overrides.get("phone", PHONE),
        relationship=overrides.get("relationship", "同厂职工"), content=overrides.get("content", "名次与事实不符。"),
        upload=overrides.get("upload"), ip="203.0.113.7",
    )


def _post_form(client, entry, **overrides):
    page = client.get(reverse("publicity:objection-new", args=[entry.pk])).content.decode()
    data = {**_form(entry, **overrides), "challenge_token": token_in(page), "challenge_answer": answer(question_in(page))}
    data.update({k: v for k, v in overrides.items() if k.startswith("challenge_")})
    return client.post(reverse("publicity:objection-new", args=[entry.pk]), data)


def _investigated(objection, by):
    objections.assign_handler(objection, by=by, handler=by)
    return objections.record_investigation(objection, by=by, notes="已向推荐单位和大赛组委会核实。")


# --- Filing ----------------------------------------------------------------------------------


def test_an_anonymous_visitor_files_an_objection_and_gets_a_receipt(client, entry):
    response = _post_form(client, entry)

    objection = Objection.objects.get()
    html = response.content.decode()
    assert response.status_code == 200 and objection.receipt in html
    assert (objection.entry, objection.objector_name, objection.phone, objection.status) == (entry, NAME, PHONE, ObjectionStatus.RECEIVED)
    assert len(objection.receipt) == 12 and set(objection.receipt) <= set(objections.RECEIPT_ALPHABET)
    assert objection.ip_hash and "127.0.0.1" not in objection.ip_hash
    assert "no-store" in response["Cache-Control"]


def test_receipts_are_random_and_unique(entry):
    receipts = {_file(entry, phone=f"1391234{n:04d}").receipt for n in range(20)}

    assert len(receipts) == 20


def test_the_public_list_links_each_candidate_to_the_form(client, opened, entry):
    html = client.get(reverse("publicity:public-list")).content.decode()

    assert reverse("publicity:objection-new", args=[entry.pk]) in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"objector_name": ""}, "匿名异议不予受理"),
        ({"phone": ""}, "匿名异议不予受理"),
        ({"phone": "12345"}, "11位中国大陆手机号码"),
        ({"relationship": ""}, "与被公示人的关系"),
        ({"content": ""}, "请填写异议内容"),
        ({"content": "事实\x00不符"}, "控制字符"),
        ({"content": "长" * 2001}, "不超过2000字"),
    ],
)
def test_anonymous_or_invalid_objections_are_refused_and_nothing_is_stored(entry, overrides, message):
    with pytest.raises(DomainError, match=message):
        _file(entry, **overrides)

    assert (Objection.objects.count(), AuditEntry.objects.filter(action="publicity.objection.filed").count()) == (0, 0)


def test_an_objection_after_the_period_is_refused_with_the_dates(client, entry):
    Publicity.objects.filter(pk=entry.publicity_id).update(ends_at=timezone.now() - datetime.timedelta(minutes=1))
    entry.refresh_from_db()
    ends = timezone.localtime(entry.publicity.ends_at)

    with pytest.raises(DomainError) as refused:
        _file(entry)
    page = client.get(reverse("publicity:objection-new", args=[entry.pk])).content.decode()

    assert refused.value.message.startswith("公示期已结束，不再受理异议")
    assert f"{ends:%Y年%-m月%-d日 %H:%M}" in refused.value.message and refused.value.message in page
    assert 'data-testid="objection-form"' not in page
    assert Objection.objects.count() == 0


def test_an_objection_before_the_start_is_refused_with_the_dates(entry):
    Publicity.objects.filter(pk=entry.publicity_id).update(starts_on=timezone.localdate() + datetime.timedelta(days=3))
    entry.refresh_from_db()

    with pytest.raises(DomainError, match="公示尚未开始") as refused:
        _file(entry)

    assert f"{entry.publicity.starts_on:%Y年%-m月%-d日}" in refused.value.message


def test_a_wrong_or_reused_challenge_answer_is_refused(client, entry):
    wrong = _post_form(client, entry, challenge_answer="999")
    page = client.get(reverse("publicity:objection-new", args=[entry.pk])).content.decode()
    data = {**_form(entry), "challenge_token": token_in(page), "challenge_answer": answer(question_in(page))}
    first = client.post(reverse("publicity:objection-new", args=[entry.pk]), data)
    replay = client.post(reverse("publicity:objection-new", args=[entry.pk]), data)

    assert (wrong.status_code, first.status_code, replay.status_code) == (400, 200, 400)
    assert "验证问题回答不正确或已失效" in replay.content.decode()
    assert Objection.objects.count() == 1


def test_a_forged_challenge_token_is_refused():
    question, token = challenge.new_challenge()

    with pytest.raises(challenge.ChallengeFailed):
        challenge.check(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), answer(question))
    with pytest.raises(challenge.ChallengeFailed):
        challenge.check("", "12")
    challenge.check(token, answer(question))  # the right answer passes once


def test_filing_is_throttled_per_address(client, entry, settings):
    cache.clear()
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "objection": "2/hour"}

    codes = [_post_form(client, entry, phone=f"1391234000{n}").status_code for n in range(3)]

    assert codes == [200, 200, 429] and Objection.objects.count() == 2


def test_filing_is_throttled_per_phone_whatever_the_address(client, entry, settings):
    cache.clear()
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "objection-phone": "1/day"}

    first = _post_form(client, entry)
    page = client.get(reverse("publicity:objection-new", args=[entry.pk])).content.decode()
    other_address = client.post(
        reverse("publicity:objection-new", args=[entry.pk]),
        {**_form(entry), "challenge_token": token_in(page), "challenge_answer": answer(question_in(page))}, REMOTE_ADDR="198.51.100.9",
    )

    assert (first.status_code, other_address.status_code) == (200, 429)
    assert "该手机号码提交的异议过多" in other_address.content.decode()


def test_an_evidence_file_is_checked_and_stored_under_a_random_name(entry, programme_staff, client):
    objection = _file(entry, upload=upload(pdf_bytes(), name="../../证明.pdf"))

    assert (objection.evidence_name, objection.evidence_type) == ("证明.pdf", "application/pdf")
    assert objection.evidence.name.startswith(f"objections/{entry.publicity_id}/") and "证明" not in objection.evidence.name
    client.force_login(programme_staff)
    download = client.get(reverse("publicity:office-objection-evidence", args=[objection.pk]))
    assert (download.status_code, download["Content-Type"], b"".join(download.streaming_content)) == (200, "application/pdf", pdf_bytes())


@pytest.mark.parametrize(("content", "name", "message"), [
    (pdf_with_javascript(), "a.pdf", "PDF"), (b"MZ\x90\x00" + b"\x00" * 100, "a.pdf", "只能上传PDF、JPEG或PNG文件"), (b"", "a.pdf", "文件是空的"),
])
def test_an_active_or_wrong_evidence_file_is_refused_and_nothing_is_stored(entry, settings, content, name, message):
    with pytest.raises(DomainError, match=message):
        _file(entry, upload=upload(content, name=name))

    media = settings.MEDIA_ROOT / "objections"
    assert Objection.objects.count() == 0 and (not media.exists() or not any(media.rglob("*.*")))


# --- The receipt look-up -----------------------------------------------------------------------


def test_the_receipt_and_phone_show_the_status_and_a_wrong_pair_answers_the_same_not_found(client, entry, programme_staff):
    objection = _file(entry)
    other = _file(entry.publicity.entries.get(position=2), phone="13700000000")

    right = client.post(reverse("publicity:objection-status"), {"receipt": objection.receipt.lower(), "phone": PHONE})
    wrong_phone = client.post(reverse("publicity:objection-status"), {"receipt": objection.receipt, "phone": "13700000000"})
    missing = client.post(reverse("publicity:objection-status"), {"receipt": "ABCDEFGHJKMN", "phone": PHONE})

    assert right.status_code == 200 and "已受理" in right.content.decode()
    assert NAME not in right.content.decode() and other.receipt not in right.content.decode()
    assert (wrong_phone.status_code, missing.status_code) == (404, 404)
    assert wrong_phone.content.decode().count("未找到与该受理编号和手机号码对应的异议") == 1
    assert missing.content.decode().count("未找到与该受理编号和手机号码对应的异议") == 1


def test_the_conclusion_shows_on_the_status_page_once_concluded_and_never_the_notes(client, entry, programme_staff):
    objection = _investigated(_file(entry), programme_staff)
    before = client.post(reverse("publicity:objection-status"), {"receipt": objection.receipt, "phone": PHONE}).content.decode()
    objections.conclude_objection(objection, by=programme_staff, upheld=False, reasons="经核实，名次属实。")

    after = client.post(reverse("publicity:objection-status"), {"receipt": objection.receipt, "phone": PHONE}).content.decode()

    assert ("调查核实中" in before, "名次属实" in before) == (True, False)
    assert ("异议不成立" in after, "经核实，名次属实。" in after, "大赛组委会" in after, "赵敏" in after) == (True, True, False, False)


def test_look_ups_are_throttled_per_address(client, entry, settings):
    cache.clear()
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "objection-lookup": "2/hour"}
    objection = _file(entry)

    codes = [client.post(reverse("publicity:objection-status"), {"receipt": objection.receipt, "phone": PHONE}).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


# --- Handling ----------------------------------------------------------------------------------


def test_upholding_moves_the_candidate_off_the_public_list_and_notifies_the_unit_and_applicant(client, entry, programme_staff, unit_staff_a):
    objection = _investigated(_file(entry), programme_staff)
    first = client.get(reverse("publicity:public-list"))
    assert entry.application.full_name in first.content.decode()

    objections.uphold_objection(objection, by=programme_staff, reasons="经核实，所报名次不实。")

    entry.application.refresh_from_db()
    again = client.get(reverse("publicity:public-list"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert (entry.application.status, entry.application.status_reason) == (S.OBJECTION_UPHELD, "经核实，所报名次不实。")
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert entry.application.full_name not in again.content.decode()
    unit_notice = Notice.objects.get(kind=NoticeKind.OBJECTION_UPHELD)
    assert unit_notice.recipient == unit_staff_a and "所报名次不实" in unit_notice.body
    applicant_notice = Notice.objects.filter(recipient=entry.application.applicant, kind=NoticeKind.APPLICATION_STATUS).latest("pk")
    assert "异议成立" in applicant_notice.subject
    for notice in Notice.objects.all():
        assert NAME not in notice.body + notice.subject and "139" not in notice.body
    assert objections.open_objections(entry.publicity).count() == 0


def test_not_upheld_keeps_the_candidate_on_the_list(entry, programme_staff):
    objection = _investigated(_file(entry), programme_staff)

    objections.dismiss_objection(objection, by=programme_staff, reasons="经核实，名次属实。")

    entry.application.refresh_from_db()
    assert (entry.application.status, Notice.objects.filter(kind=NoticeKind.OBJECTION_UPHELD).count()) == (S.IN_PUBLICITY, 0)


def test_a_second_upheld_objection_to_the_same_candidate_concludes_without_moving_it_again(entry, programme_staff):
    one, two = (_investigated(_file(entry, phone=phone), programme_staff) for phone in (PHONE, "13700000000"))
    objections.conclude_objection(one, by=programme_staff, upheld=True, reasons="不实。")

    concluded = objections.conclude_objection(two, by=programme_staff, upheld=True, reasons="同上。")

    assert concluded.status == ObjectionStatus.UPHELD
    assert AuditEntry.objects.filter(action="applicants.application.objection_upheld").count() == 1


@pytest.mark.parametrize(("step", "message"), [("no_investigation", "请先记录调查核实情况"), ("no_reasons", "请填写结论理由"), ("twice", "已办结")])
def test_a_conclusion_needs_an_investigation_and_reasons_and_is_final(entry, programme_staff, step, message):
    objection = _file(entry)
    if step != "no_investigation":
        _investigated(objection, programme_staff)
    if step == "twice":
        objections.conclude_objection(objection, by=programme_staff, upheld=False, reasons="属实。")

    with pytest.raises(DomainError, match=message):
        objections.conclude_objection(objection, by=programme_staff, upheld=True, reasons="" if step == "no_reasons" else "理由")

    entry.application.refresh_from_db()
    assert entry.application.status == S.IN_PUBLICITY


def test_the_database_refuses_a_conclusion_without_reasons_or_an_open_objection_with_one(entry, programme_staff):
    from django.db import IntegrityError, transaction

    objection = _file(entry)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.filter(pk=objection.pk).update(status=ObjectionStatus.UPHELD, concluded_at=timezone.now(), concluded_by=programme_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.filter(pk=objection.pk).update(concluded_at=timezone.now())


def test_the_generic_status_change_cannot_uphold_an_objection(entry, programme_staff):
    with pytest.raises(NamedActionRequired):
        set_application_status(entry.application, S.OBJECTION_UPHELD, by=programme_staff, reason="绕过异议办理")


def test_the_application_offers_no_uphold_button_the_objection_page_is_where_it_is_done(entry, programme_staff):
    from apps.applicants.permissions import moves_for

    assert S.OBJECTION_UPHELD not in [move.to for move in moves_for(programme_staff, entry.application)]


def test_only_the_office_handles_objections(entry, unit_staff_a, applicant_a, expert, programme_staff):
    objection = _file(entry)
    for user in (unit_staff_a, applicant_a, expert):
        with pytest.raises(PermissionDenied):
            objections.assign_handler(objection, by=user, handler=programme_staff)
        with pytest.raises(PermissionDenied):
            objections.conclude_objection(objection, by=user, upheld=True, reasons="x")
    with pytest.raises(DomainError, match="承办人须为"):
        objections.assign_handler(objection, by=programme_staff, handler=unit_staff_a)


def test_the_office_pages_list_filter_and_conclude(client, entry, programme_staff):
    one, two = _file(entry), _file(entry.publicity.entries.get(position=2), phone="13700000000")
    client.force_login(programme_staff)
    listing = client.get(reverse("publicity:office-objections", args=[entry.publicity_id]), {"status": "received", "entry": entry.pk})

    client.post(reverse("publicity:office-objection-assign", args=[one.pk]), {"handler": programme_staff.pk})
    client.post(reverse("publicity:office-objection-investigate", args=[one.pk]), {"investigation": "已核实。"})
    client.post(reverse("publicity:office-objection-conclude", args=[one.pk]), {"result": "upheld", "reasons": "不实。"})

    html = listing.content.decode()
    assert (one.receipt in html, two.receipt in html, NAME in html) == (True, False, True)
    one.refresh_from_db()
    assert (one.status, one.handler, one.investigation, one.reasons) == (ObjectionStatus.UPHELD, programme_staff, "已核实。", "不实。")
    detail = client.get(reverse("publicity:office-objection", args=[one.pk])).content.decode()
    assert PHONE in detail and NAME in detail


# --- The objector's identity: the office alone -----------------------------------------------


def test_the_objectors_identity_is_seen_by_the_office_alone(client, entry, programme_staff, unit_staff_a, applicant_a, expert):
    objection = _investigated(_file(entry), programme_staff)
    objections.conclude_objection(objection, by=programme_staff, upheld=True, reasons="经核实，所报名次不实。")
    application = entry.application
    urls = [
        reverse("applicants:detail", args=[application.pk]),
        reverse("publicity:public-list"),
        reverse("publicity:office-objections", args=[entry.publicity_id]),
        reverse("publicity:office-objection", args=[objection.pk]),
        reverse("api:application-detail", args=[application.pk]),
        reverse("api:objection-detail", args=[objection.pk]),
        reverse("api:publicity-objections", args=[entry.publicity_id]),
        reverse("notices:inbox"),
    ]
    for user in (unit_staff_a, application.applicant, expert, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            html = client.get(url).content.decode()
            assert NAME not in html and PHONE not in html and "139****5678" not in html, (user, url)
    for entry_row in AuditEntry.objects.all():
        assert NAME not in str(entry_row.data) and PHONE not in str(entry_row.data)
    client.force_login(programme_staff)
    assert NAME in client.get(reverse("publicity:office-objection", args=[objection.pk])).content.decode()


# --- The API -----------------------------------------------------------------------------------


def test_the_api_files_checks_and_concludes(client, entry, programme_staff):
    question = client.get(reverse("api:objection-challenge")).json()
    filed = client.post(reverse("api:objection-file", args=[entry.pk]), {
        **_form(entry), "challenge_token": question["token"], "challenge_answer": answer(question["question"]),
    })
    receipt = filed.json()["receipt"]
    status = client.post(reverse("api:objection-status"), {"receipt": receipt, "phone": PHONE}, content_type="application/json")
    wrong = client.post(reverse("api:objection-status"), {"receipt": receipt, "phone": "13700000000"}, content_type="application/json")
    no_challenge = client.post(reverse("api:objection-file", args=[entry.pk]), _form(entry))

    assert (filed.status_code, status.status_code, wrong.status_code, no_challenge.status_code) == (201, 200, 404, 400)
    assert status.json()["status"] == "received" and NAME not in status.content.decode()
    objection = Objection.objects.get()
    client.force_login(programme_staff)
    assert client.post(reverse("api:objection-assign", args=[objection.pk]), {"handler": programme_staff.pk}, content_type="application/json").status_code == 200
    assert client.post(reverse("api:objection-investigate", args=[objection.pk]), {"investigation": "已核实。"}, content_type="application/json").status_code == 200
    concluded = client.post(reverse("api:objection-conclude", args=[objection.pk]), {"upheld": True, "reasons": "不实。"}, content_type="application/json")
    listed = client.get(reverse("api:publicity-objections", args=[entry.publicity_id]), {"status": "upheld"})

    assert (concluded.status_code, concluded.json()["status"], [row["receipt"] for row in listed.json()]) == (200, "upheld", [receipt])
    assert listed.json()[0]["phone"] == PHONE
    entry.application.refresh_from_db()
    assert entry.application.status == S.OBJECTION_UPHELD


def test_open_objections_are_those_not_concluded(entry, programme_staff):
    received, investigating, concluded = _file(entry), _file(entry, phone="13700000000"), _file(entry, phone="13600000000")
    _investigated(investigating, programme_staff)
    objections.conclude_objection(_investigated(concluded, programme_staff), by=programme_staff, upheld=False, reasons="属实。")

    assert set(objections.open_objections(entry.publicity)) == {received, investigating}


# --- Query counts ------------------------------------------------------------------------------


def test_the_offices_objection_list_runs_a_constant_number_of_queries(client, entry, programme_staff):
    from tests.querycount import assert_query_count_constant

    client.force_login(programme_staff)
    counter = iter(range(1000))

    def grow(n):
        for _ in range(n):
            objection = _file(entry, phone=f"1370000{next(counter):04d}")
            objections.assign_handler(objection, by=programme_staff, handler=programme_staff)

    assert_query_count_constant(client, reverse("publicity:office-objections", args=[entry.publicity_id]), grow, expected=OFFICE_LIST_QUERIES)


# The session and user (2), the publicity, the entries with their counts, the objections with candidate and handler,
# the open count, the unread notices of the navigation bar.
OFFICE_LIST_QUERIES = 7


# --- Demo data -----------------------------------------------------------------------------------


def test_the_demo_objections_cover_every_state_and_are_made_once(opened, programme_staff):
    from apps.publicity.demo_objections import seed_objections
    from apps.rounds.management.commands.seed_demo import SeedContext

    ctx = SeedContext(office=programme_staff)
    seed_objections(ctx, opened)
    seed_objections(ctx, opened)

    assert sorted(Objection.objects.values_list("status", flat=True)) == sorted(ObjectionStatus.values)
    assert ctx.counts["公示异议"] == [4, 4]
    last = opened.entries.order_by("position").last().application
    last.refresh_from_db()
    assert last.status == S.OBJECTION_UPHELD


def test_the_api_takes_an_evidence_file_and_refuses_an_active_one(client, entry):
    def file_with(evidence):
        question = client.get(reverse("api:objection-challenge")).json()
        return client.post(reverse("api:objection-file", args=[entry.pk]), {
            **_form(entry), "challenge_token": question["token"], "challenge_answer": answer(question["question"]), "evidence": evidence,
        })

    good = file_with(upload(pdf_bytes(), name="证明.pdf"))
    active = file_with(upload(pdf_with_javascript(), name="a.pdf"))

    assert (good.status_code, active.status_code) == (201, 400)
    assert Objection.objects.get().evidence_name == "证明.pdf"


def test_the_api_throttles_filing_with_429(client, entry, settings):
    cache.clear()
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "objection": "1/hour"}

    codes = []
    for _ in range(2):
        question = client.get(reverse("api:objection-challenge")).json()
        codes.append(client.post(reverse("api:objection-file", args=[entry.pk]), {
            **_form(entry), "challenge_token": question["token"], "challenge_answer": answer(question["question"]),
        }).status_code)

    assert codes == [201, 429] and Objection.objects.count() == 1


def test_an_evidence_file_over_the_limit_is_refused_while_it_arrives(client, entry, settings):
    settings.FILE_UPLOAD_MAX_FILE_SIZE = 1024

    response = _post_form(client, entry, evidence=upload(pdf_bytes() + b"%" * 4096, name="大文件.pdf"))

    assert response.status_code == 400 and "文件超过" in response.content.decode()
    assert Objection.objects.count() == 0


def test_the_public_lists_objection_links_go_when_the_period_ends(client, entry):
    first = client.get(reverse("publicity:public-list"))
    Publicity.objects.filter(pk=entry.publicity_id).update(ends_at=timezone.now() - datetime.timedelta(minutes=1))

    after = client.get(reverse("publicity:public-list"), HTTP_IF_NONE_MATCH=first["ETag"])

    link = reverse("publicity:objection-new", args=[entry.pk])
    assert (link in first.content.decode(), after.status_code, link in after.content.decode()) == (True, 200, False)
    assert "不再受理异议" in after.content.decode()
