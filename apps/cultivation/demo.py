"""Demo data of publication and cultivation for `manage.py seed_demo`: last year's round (already closed by
apps/rounds/demo.py) gets the cohort it published, one craftsman from each of twelve provincial unions, each
with the application, the publicity entry, the consent and the Cultivation record (two years from
publication) that the talent pool lists.

It happened last year, so it cannot go through the services (they refuse past deadlines and periods): it is
written in its final state with bulk_create, as the national bulk of apps/applicants/demo.py is, and audited
by ONE `cultivation.demo.seeded` entry with the counts. Every value depends only on the username, so reruns
and both scales agree; a round that already has cultivations is left alone.
"""
import datetime

from django.conf import settings
from django.utils import timezone

from apps.accounts.demo import bulk_create_applicants
from apps.applicants.enums import ApplicationStatus
from apps.applicants.demo_profiles import demo_profile
from apps.applicants.models import Application, Consent
from apps.applicants.profile_enums import ConsentPurpose, Gender
from apps.core import audit
from apps.core.validators import birth_date_from_resident_id
from apps.publicity.calendar import publicity_end
from apps.publicity.models import Publicity, PublicityEntry
from apps.publicity.publication import cultivation_end
from apps.publicity.services import DEFAULT_CONTACT, default_summary
from apps.rounds.models import Round
from apps.units.demo import DEMO_UNITS, employer_credit_code

from .models import Cultivation

# One craftsman from each of these units (logins of apps/units/demo.py), in this order.
COHORT_UNITS = ("bj", "sh", "js", "zj", "he", "ln", "hl", "ah", "sx", "jl", "tj", "nm")
LABEL = "往年培育对象"


def cohort_usernames():
    return [f"craftsman{number:02d}" for number in range(1, len(COHORT_UNITS) + 1)]


def seed(ctx, *, scale):
    round = Round.objects.filter(year=timezone.localdate().year - 1).first()
    if round is None or round.publicity_start is None:
        return
    existing = Cultivation.objects.filter(round=round).count()
    if existing or Publicity.objects.filter(round=round).exists():
        ctx.tally(LABEL, existing=existing)
        return
    usernames = cohort_usernames()
    applicants, users_created = bulk_create_applicants(ctx, usernames)
    units = {spec.login: spec for spec in DEMO_UNITS}
    publicity = _publicity(ctx, round)
    published_on = timezone.localdate(publicity.published_at)
    applications = Application.objects.bulk_create(
        _application(round, ctx.units[login], units[login].employers[0], applicants[username], publicity.starts_on, number)
        for number, (username, login) in enumerate(zip(usernames, COHORT_UNITS), start=1)
    )
    Consent.objects.bulk_create(
        Consent(user=a.applicant, purpose=ConsentPurpose.APPLICATION, policy_version=settings.PRIVACY_POLICY_VERSION, accepted_at=a.submitted_at)
        for a in applications
    )
    PublicityEntry.objects.bulk_create(
        PublicityEntry(publicity=publicity, application=a, position=position, summary=default_summary(a))
        for position, a in enumerate(applications, start=1)
    )
    Cultivation.objects.bulk_create(
        Cultivation(application=a, round=round, started_on=published_on, ends_on=cultivation_end(published_on)) for a in applications
    )
    ctx.tally(LABEL, created=len(applications))
    audit.record(
        None, "cultivation.demo.seeded", round,
        users=users_created, applications=len(applications), cultivations=len(applications), published_on=published_on.isoformat(),
    )


def _publicity(ctx, round):
    """Last year's publicity as it ran: five working days from its start, published the next morning."""
    ends_at = publicity_end(round.publicity_start, 5)
    published_at = timezone.make_aware(datetime.datetime.combine(timezone.localdate(ends_at) + datetime.timedelta(days=1), datetime.time(10, 0)))
    return Publicity.objects.create(
        round=round, starts_on=round.publicity_start, working_days=5, ends_at=ends_at, contact=DEFAULT_CONTACT,
        opened_by=ctx.office, published_at=published_at, published_by=ctx.office,
    )


def _application(round, unit, employer, applicant, publicity_start, number):
    name, region = employer
    profile = demo_profile(applicant.username, region=region)
    resident_id = profile["resident_id"]
    # Submitted in the recommend phase, forwarded a week later: about three months before the publicity.
    submitted_at = timezone.make_aware(datetime.datetime.combine(publicity_start - datetime.timedelta(days=75 + number), datetime.time(9, 30)))
    return Application(
        round=round, applicant=applicant, unit=unit, employer_name=name, employer_credit_code=employer_credit_code(name, region),
        full_name=applicant.display_name, email=applicant.email,
        gender=Gender.MALE if int(resident_id[16]) % 2 else Gender.FEMALE, birth_date=birth_date_from_resident_id(resident_id),
        **profile, profile_version=1, status=ApplicationStatus.PUBLISHED, unit_rank=1,
        submitted_at=submitted_at, forwarded_at=submitted_at + datetime.timedelta(days=7),
    )
