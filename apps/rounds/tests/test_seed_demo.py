"""`manage.py seed_demo`: idempotent, its logins work, its data went through the services."""
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from apps.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application, ApplicationSnapshot, Consent, EvidenceFile, Referee, Registration, StatementAnswer
from apps.core.audit import verify_chain
from apps.core.models import AuditEntry
from apps.core.validators import validate_credit_code, validate_mobile, validate_resident_id
from apps.notices.models import Notice
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Round
from apps.units.models import RecommendationForm, RecommendingUnit

pytestmark = pytest.mark.django_db

S = ApplicationStatus

# 248 audit entries: 242 through the services (a consent and a profile save per demo application, one ranking per
# ranking demo unit (bj, sh), and one factor save
# per round, among them),
# one for the default set's statements and files (demo_evidence.py), one for its referees (demo_referees.py),
# two for the ready recommendation form (requested, rendered: apps/units/demo_forms.py),
# one for the planted integrity flags (demo_integrity.py), one for last year's published cohort
# (apps/cultivation/demo.py: 12 craftsmen, their applications and cultivations).
COHORT = 12
DEFAULT_COUNTS = {
    "units": 48, "users": 37 + COHORT, "rounds": 2, "applications": 30 + COHORT, "audit_entries": 248, "notices": 67,
    "statement_answers": 30 * 15, "evidence_files": 30 * 5, "recommendation_forms": 1,
    # Three a application, and one replaced on the first draft; letters for the 26 past the draft and 4 of the drafts' 12.
    "referees": 30 * 3 + 1, "referee_letters": 26 * 3 + 4,
    # A snapshot per submission: 26 applications were submitted once, the two resubmitted ones twice.
    "snapshots": 28, "snapshots_v2": 2,
}


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts():
    return {
        "units": RecommendingUnit.objects.count(),
        "users": User.objects.count(),
        "rounds": Round.objects.count(),
        "applications": Application.objects.count(),
        "audit_entries": AuditEntry.objects.count(),
        "notices": Notice.objects.count(),
        "statement_answers": StatementAnswer.objects.count(),
        "evidence_files": EvidenceFile.objects.count(),
        "referees": Referee.objects.count(),
        "referee_letters": Referee.objects.exclude(letter_sha256="").count(),
        "recommendation_forms": RecommendationForm.objects.count(),
        "snapshots": ApplicationSnapshot.objects.count(),
        "snapshots_v2": ApplicationSnapshot.objects.filter(version=2).count(),
    }


def test_seed_demo_creates_the_default_set_once():
    seed()
    first = counts()

    output = seed()

    assert first == counts() == DEFAULT_COUNTS
    assert re.search(r"申报\s+0\s+30", output)
    assert re.search(r"用户\s+0\s+35", output)


def test_seed_demo_reports_what_it_created():
    output = seed()

    assert re.search(r"推荐单位\s+48\s+0", output)
    assert re.search(r"申报\s+30\s+0", output)
    assert "审计链校验通过（共 248 条）" in output
    assert f"演示账号（密码均为 {DEMO_PASSWORD}）" in output
    assert all(re.search(rf"^  {login.username}\s", output, re.MULTILINE) for login in DEMO_LOGINS)


def test_seed_demo_password_passes_the_validators():
    seed()

    for login in DEMO_LOGINS:
        validate_password(DEMO_PASSWORD, User.objects.get(username=login.username))


@pytest.mark.parametrize(
    ("username", "dashboard"),
    [
        ("office", "/office/"),
        ("admin", "/office/"),
        ("unit_bj", "/unit/"),
        ("unit_sh", "/unit/"),
        ("expert", "/expert/"),
        ("applicant", "/applicant/"),
        ("applicant2", "/applicant/"),
    ],
)
def test_seed_demo_login_authenticates_and_lands_on_its_dashboard(client, username, dashboard):
    seed()
    request = RequestFactory().post(reverse("accounts:login"))

    user = authenticate(request, username=username, password=DEMO_PASSWORD)
    client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
    response = client.get("/", follow=True)

    assert user == User.objects.get(username=username)
    assert (response.redirect_chain, response.status_code) == ([(dashboard, 302)], 200)


def test_seed_demo_logins_have_their_roles_and_units():
    seed()

    users = {user.username: user for user in User.objects.filter(username__in=[login.username for login in DEMO_LOGINS])}

    assert {name: (user.role, str(user.unit or "")) for name, user in users.items()} == {
        "office": (Role.PROGRAMME_STAFF, ""),
        "admin": (Role.PROGRAMME_STAFF, ""),
        "unit_bj": (Role.UNIT_STAFF, "北京市总工会"),
        "unit_sh": (Role.UNIT_STAFF, "上海市总工会"),
        "expert": (Role.EXPERT, ""),
        "applicant": (Role.APPLICANT, ""),
        "applicant2": (Role.APPLICANT, ""),
    }
    assert [name for name, user in users.items() if user.is_superuser] == ["admin"]
    assert all(user.display_name and user.email.endswith("@example.com") for user in users.values())
    assert all(validate_mobile(user.phone) for user in users.values())


def test_seed_demo_audit_chain_verifies():
    seed()

    report = verify_chain()

    assert (report.ok, report.checked) == (True, 248)


def test_seed_demo_opens_this_years_round_and_closes_last_years():
    seed()

    year = timezone.localdate().year
    rounds = {round.year: round for round in Round.objects.all()}

    assert {y: r.status for y, r in rounds.items()} == {year: RoundStatus.RECOMMENDING, year - 1: RoundStatus.CLOSED}
    assert rounds[year].recommend_deadline > timezone.now()
    assert rounds[year].indicators.count() == 15


def test_seed_demo_every_units_staff_have_the_deployment_notice_with_their_own_quota():
    from apps.rounds.models import Quota

    seed()

    current = Round.objects.get(year=timezone.localdate().year)
    staff = User.objects.filter(role=Role.UNIT_STAFF, is_active=True, unit__is_active=True)
    places = dict(Quota.objects.filter(round=current).values_list("unit_id", "places"))
    notices = {
        notice.recipient_id: notice
        for notice in Notice.objects.filter(kind="round.deployed", event_key=f"round:{current.pk}:deployed")
    }
    assert staff.exists() and set(notices) == set(staff.values_list("pk", flat=True))
    for user in staff:
        assert f"贵单位推荐名额为 {places[user.unit_id]} 名" in notices[user.pk].body
        assert notices[user.pk].body.startswith(f"{user.unit.name}：")


def test_seed_demo_applications_are_in_every_promised_status():
    seed()

    applications = list(Application.objects.filter(round__year=timezone.localdate().year).select_related("applicant", "unit"))

    assert Counter(a.status for a in applications) == {
        S.DRAFT: 4, S.SUBMITTED: 9, S.RETURNED: 5, S.UNIT_REJECTED: 4, S.FORWARDED: 8,
    }
    assert all(a.status_reason for a in applications if a.status in {S.RETURNED, S.UNIT_REJECTED})
    assert all(validate_credit_code(a.employer_credit_code) for a in applications)
    # Realistic profiles: valid ID numbers (check digit), birth date and gender from them, 5+ frontline years.
    assert all(validate_resident_id(a.resident_id) and a.birth_date and a.gender and a.frontline_years >= 5 for a in applications)
    assert len({a.resident_id_hash for a in applications}) == len(applications)
    assert Consent.objects.filter(user__in=[a.applicant for a in applications]).count() == len(applications)
    assert {a.unit.name for a in applications} == {"北京市总工会", "上海市总工会"}
    demo = Application.objects.filter(applicant__username__in=["applicant", "applicant2"])
    assert dict(demo.values_list("applicant__username", "status")) == {"applicant": S.SUBMITTED, "applicant2": S.RETURNED}


def test_seed_demo_application_history_comes_from_the_services():
    seed()

    application = Application.objects.get(applicant__username="applicant2")
    actions = list(
        AuditEntry.objects.filter(object_type="applicants.application", object_id=str(application.pk))
        .order_by("seq")
        .values_list("action", "actor__username")
    )

    assert actions == [
        ("applicants.application.created", "applicant2"),
        ("applicants.application.profile_updated", "applicant2"),
        ("applicants.application.submitted", "applicant2"),
        ("applicants.application.returned", "unit_sh"),
    ]


def test_seed_demo_unit_dashboard_shows_its_applications(client):
    seed()
    client.force_login(User.objects.get(username="unit_bj"))

    response = client.get(reverse("units:dashboard"))

    assert response.context["status_rows"] == [(S.SUBMITTED, 5), (S.RETURNED, 2), (S.UNIT_REJECTED, 2), (S.FORWARDED, 4)]


def test_seed_demo_national_code_path_is_idempotent():
    seed(scale="national", applications=120)
    first = counts()

    seed(scale="national", applications=120)

    assert counts() == first
    assert (first["units"], first["applications"], first["rounds"]) == (48, 120 + COHORT, 2)
    # 5 fixed non-applicant logins, 120 applicants, staff for the other 46 units, 60 experts, the invited and the registered,
    # and last year's cohort.
    assert first["users"] == 5 + 120 + 46 + 60 + 2 + COHORT
    # The default set's 248 entries (48 of them for the units; one per round for its factor values;
    # a consent and a profile save per demo application; the invitation, the registration and its consent;
    # the two units' rankings; the referees' one; the recommendation form's two; the integrity plant's one; last
    # year's cohort), one per staff member and expert created, one for the bulk; the expert pool (one summary) and
    # this year's four panels.
    assert (first["audit_entries"], verify_chain().ok) == (248 + 46 + 60 + 1 + 1 + 4, True)


def test_seed_demo_national_bulk_is_audited_once_with_its_counts():
    seed(scale="national", applications=120)

    entry = AuditEntry.objects.get(action="core.demo.seeded")
    default_set = ["applicant", "applicant2", *(f"applicant{number:04d}" for number in range(1, 29))]
    this_year = Round.objects.get(year=timezone.localdate().year)
    bulk = Application.objects.filter(round=this_year).exclude(applicant__username__in=default_set)

    assert (entry.object_id, entry.data["users"], entry.data["applications"]) == (str(this_year.pk), 90, 90)
    assert entry.data["statuses"] == dict(sorted(Counter(bulk.values_list("status", flat=True)).items()))
    assert all(validate_credit_code(a.employer_credit_code) for a in bulk)
    assert all((a.status == S.DRAFT) == (a.submitted_at is None) for a in bulk)
    # A reason for a return or rejection; a forward's is the unit's opinion, with its attestation.
    assert all(bool(a.status_reason) == (a.status in {S.RETURNED, S.UNIT_REJECTED, S.FORWARDED}) for a in bulk)
    assert all(
        a.recommendation_opinion == a.status_reason and a.attests_political_quality and a.attests_craftsman_spirit
        for a in bulk if a.status == S.FORWARDED
    )


def test_seed_demo_national_gives_every_unit_one_staff_member_who_can_log_in():
    seed(scale="national", applications=120)

    staff_per_unit = Counter(User.objects.filter(role=Role.UNIT_STAFF).values_list("unit__name", flat=True))
    request = RequestFactory().post(reverse("accounts:login"))

    assert set(staff_per_unit.values()) == {1}
    assert len(staff_per_unit) == RecommendingUnit.objects.count()
    assert authenticate(request, username="unit_gd", password=DEMO_PASSWORD) == User.objects.get(username="unit_gd")
    assert authenticate(request, username="expert60", password=DEMO_PASSWORD) == User.objects.get(username="expert60")
    assert not User.objects.get(username="applicant0100").has_usable_password()


def test_seed_demo_national_spreads_applications_by_unit_weight():
    seed(scale="national", applications=200)

    per_unit = Counter(Application.objects.filter(round__year=timezone.localdate().year).values_list("unit__name", flat=True))

    assert sum(per_unit.values()) == 200
    assert per_unit["广东省总工会"] > per_unit["宁夏回族自治区总工会"]
    assert Application.objects.filter(status=S.FORWARDED).exclude(unit__name__in=["北京市总工会", "上海市总工会"]).exists()


def test_seed_demo_refuses_to_run_where_https_is_on(settings):
    settings.HTTPS = True

    with pytest.raises(CommandError):
        seed()

    assert counts()["users"] == 0


def test_seed_demo_gives_this_years_round_factors_and_quotas_once():
    from apps.rounds.models import Quota, QuotaFactors
    from apps.rounds.quotas import place_total

    seed()
    round = Round.objects.get(year=timezone.localdate().year)
    quotas = dict(Quota.objects.filter(round=round).values_list("unit_id", "places"))
    active = set(RecommendingUnit.objects.filter(is_active=True).values_list("pk", flat=True))

    output = seed()

    assert set(QuotaFactors.objects.filter(round=round).values_list("unit_id", flat=True)) == active == set(quotas)
    assert sum(quotas.values()) == place_total(round) == 300
    assert min(quotas.values()) >= round.minimum_places
    assert len(set(quotas.values())) > 3  # the factors tell the units apart
    assert dict(Quota.objects.filter(round=round).values_list("unit_id", "places")) == quotas
    # One allocation and one confirmation per round (this year's and last year's), none on the second run.
    assert AuditEntry.objects.filter(action="rounds.quota.allocated").count() == 2
    assert AuditEntry.objects.filter(action="rounds.quota.confirmed", object_id=str(round.pk)).count() == 1
    assert round.quotas_confirmed_at is not None
    assert re.search(r"推荐名额\s+0\s+48", output)


def test_seed_demo_has_a_pending_invitation_and_a_registration_awaiting_verification():
    seed()

    invitation = Registration.objects.get(email="chen.li@example.com")
    registered = Registration.objects.get(email="zhao.lei@example.com")

    assert (invitation.unit.name, invitation.invited_by.username, invitation.confirmed_at, invitation.user.has_usable_password()) == (
        "北京市总工会", "unit_bj", None, False
    )
    assert (registered.invited_by, registered.confirmed_at, registered.user.is_active, registered.user.consents.count()) == (None, None, False, 1)


def test_seed_demo_unit_balance_panel_warns_of_the_bj_candidates(client):
    # 北京's nine candidates (four forwarded, five ranked and submitted) are men of manufacturing, while a woman
    # (rejected) applied and the applicants span two industries, and they exceed the unit's places: the panel
    # (apps/units/balance.py) warns of all three.
    seed()
    client.force_login(User.objects.get(username="unit_bj"))

    response = client.get(reverse("units:balance"))

    assert (response.context["balance"].candidate_count, response.context["balance"].warning_codes) == (9, ["no_woman", "one_industry", "over_quota"])


def test_seed_demo_units_have_ranked_forwarded_returned_and_rejected_candidates():
    seed()

    this_year = timezone.localdate().year
    for unit in RecommendingUnit.objects.filter(applications__round__year=this_year).distinct().order_by("pk")[:2]:
        mine = Application.objects.filter(unit=unit, round__year=this_year)
        standing = mine.filter(status__in=[S.SUBMITTED, S.FORWARDED]).order_by("unit_rank")
        forwarded = mine.filter(status=S.FORWARDED)
        assert sorted(standing.values_list("unit_rank", flat=True)) == list(range(1, standing.count() + 1))
        assert [row.status for row in standing][: forwarded.count()] == [S.FORWARDED] * forwarded.count()
        assert forwarded.count() == 4 and all(
            row.recommendation_opinion and row.attests_political_quality and row.attests_craftsman_spirit and row.attested_by_id
            for row in forwarded
        )
        assert (mine.filter(status=S.RETURNED).count(), mine.filter(status=S.UNIT_REJECTED).count()) >= (1, 2)
        assert not mine.exclude(status__in=[S.SUBMITTED, S.FORWARDED]).filter(unit_rank__isnull=False).exists()
    assert AuditEntry.objects.filter(action="units.recommendingunit.ranked").count() == 2


def test_seed_demo_last_years_round_has_its_published_cohort_in_the_talent_pool(client):
    from apps.cultivation.models import Cultivation
    from apps.publicity.models import Publicity

    seed()
    last_year = Round.objects.get(year=timezone.localdate().year - 1)
    publicity = Publicity.objects.get(round=last_year)
    cultivations = list(Cultivation.objects.filter(round=last_year).select_related("application__unit"))
    published_on = timezone.localdate(publicity.published_at)
    client.force_login(User.objects.get(username="office"))

    assert (last_year.status, len(cultivations), publicity.entries.count()) == (RoundStatus.CLOSED, COHORT, COHORT)
    assert publicity.ends_at < publicity.published_at
    assert all(c.application.status == S.PUBLISHED and c.started_on == published_on for c in cultivations)
    assert all(c.ends_on == published_on.replace(year=published_on.year + 2) for c in cultivations)
    assert all(validate_resident_id(c.application.resident_id) and c.application.full_name for c in cultivations)
    assert len({c.application.unit_id for c in cultivations}) == COHORT
    assert client.get(reverse("cultivation:talent-pool")).context["page"].paginator.count == COHORT
    final = client.get(reverse("publicity:final-list", args=[last_year.year]))
    assert final.content.decode().count('data-testid="final-entry"') == COHORT
    assert AuditEntry.objects.get(action="cultivation.demo.seeded").data["cultivations"] == COHORT
