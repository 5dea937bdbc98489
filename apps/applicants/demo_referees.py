"""Demo referees for `manage.py seed_demo`: the default set's applications only, in every state.

Every application past the draft has its three referees confirmed with a signed letter (a small PDF
generated in code, stored under a random name like a real upload), as submission requires. The drafts
show the states on the way: confirmed, invited (link still valid), expired (link ran out), and one
draft has a referee replaced. `fill` writes one application's in bulk right after its statement and
files, before `demo._apply_through_services` submits it (submission needs them confirmed, and freezes
them in the snapshot); the whole default set is audited by ONE `applicants.referee.seeded` entry with
the counts (`record_seeded`); no mail is sent. `seed` fills any default application left without
referees (none on a fresh run). The
invited links' tokens are derived from the applicant's login (`demo_token`), so the demo can open them
(`seed_demo` prints one); only their HMAC is stored, as for real links.
"""
import hashlib
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from apps.core import audit
from apps.units.demo import employer_credit_code

from . import demo
from .enums import ApplicationStatus
from .models import Application, Referee
from .models_referees import RefereeStatus, link_days
from .referees import token_digest
from .samples import pdf_bytes

# (name, title, employer, region of the employer's code, relationship): senior peers outside any demo employer.
PEOPLE = (
    ("李强", "full_senior", "哈尔滨工业大学", "23", "同行业专家，曾共同参与国家重点研发计划项目"),
    ("周敏", "associate_senior", "中国机械科学研究总院集团有限公司", "11", "行业技术标准编制组同事"),
    ("吴海", "chief_technician", "中国航天科工集团有限公司", "11", "全国职业技能大赛裁判组同事"),
    ("郑红", "full_senior", "上海交通大学", "31", "校企合作项目的技术指导专家"),
    ("冯军", "master_technician", "中国船舶集团有限公司", "31", "行业技能竞赛中相识的同行"),
    ("何平", "senior_technician", "国家电网有限公司技术学院分公司", "37", "技能大师工作室交流活动的同行"),
    ("孙磊", "associate_senior", "浙江大学", "33", "联合攻关团队的合作专家"),
)
# The drafts' states by slot, in turn; the first draft also had slot 2 replaced.
DRAFT_STATES = (("confirmed", "invited", "expired"), ("confirmed", "confirmed", "invited"), ("invited", "expired", "invited"))


def demo_token(username, slot):
    return f"demo-{username}-{slot}"


def seed(ctx, *, scale):
    if ctx.round is None:
        return
    usernames = [spec.username for spec in demo.default_applications()]
    applications = list(
        Application.objects.filter(round=ctx.round, applicant__username__in=usernames, referees__isnull=True)
        .select_related("applicant").order_by("pk")
    )
    ctx.tally("推荐专家", existing=Referee.objects.filter(application__round=ctx.round).count())
    if not applications:
        return
    drafts, counts = 0, []
    for index, application in enumerate(applications):
        draft = application.status == ApplicationStatus.DRAFT
        counts.append(fill(application, index, draft_number=drafts if draft else None))
        drafts += draft
    record_seeded(ctx, len(applications), sum(n for n, _ in counts), sum(n for _, n in counts))


def fill(application, index, *, draft_number=None):
    """Write the demo referees of `application`, the `index`-th of the default set filled (in bulk, no audit).

    `draft_number`: the how-manyth draft it is, for one that stays a draft (its referees on the way, by
    DRAFT_STATES), or None for one that will be submitted (three confirmed with letters). Returns
    (referees, letters).
    """
    now, rows = timezone.now(), []
    if draft_number is not None:
        states = DRAFT_STATES[draft_number % len(DRAFT_STATES)]
        if draft_number == 0:
            rows.append(_referee(application, 2, index + 5, "replaced", now))
    else:
        states = ("confirmed",) * 3
    rows.extend(_referee(application, slot, index + slot, state, now) for slot, state in enumerate(states, start=1))
    Referee.objects.bulk_create(rows)
    return len(rows), sum(1 for row in rows if row.letter_sha256)


def record_seeded(ctx, applications, referees, letters):
    ctx.tally("推荐专家", created=referees)
    audit.record(None, "applicants.referee.seeded", ctx.round, applications=applications, referees=referees, letters=letters)


def _referee(application, slot, person, state, now):
    name, title, employer, region, relationship = PEOPLE[person % len(PEOPLE)]
    username = application.applicant.username
    sent_at = now - timedelta(days=20 if state == "expired" else 3)
    token = demo_token(username, slot) if state != "replaced" else f"{demo_token(username, slot)}-replaced"
    referee = Referee(
        application=application, slot=slot, name=name, email=f"{username}.referee{slot}{'.old' if state == 'replaced' else ''}@example.com",
        title=title, employer_name=employer, employer_credit_code=employer_credit_code(employer, region), relationship=relationship,
        status=RefereeStatus.INVITED, token_hash=token_digest(token), sent_at=sent_at,
        token_expires_at=sent_at + timedelta(days=link_days()),
    )
    if state == "replaced":
        referee.status, referee.replaced_at = RefereeStatus.REPLACED, now - timedelta(days=4)
    elif state == "confirmed":
        content = pdf_bytes(f"Recommendation letter for {username} signed by referee {slot}")
        referee.status, referee.confirmed_at = RefereeStatus.CONFIRMED, sent_at + timedelta(days=1)
        referee.letter = default_storage.save(
            f"referees/{application.round_id}/{application.pk}/{uuid.uuid4().hex}.pdf", ContentFile(content)
        )
        referee.letter_name, referee.letter_content_type = f"{name}_推荐信.pdf", "application/pdf"
        referee.letter_size, referee.letter_sha256 = len(content), hashlib.sha256(content).hexdigest()
    return referee


def demo_link_path(round):
    """The path of an invited demo referee's link that still works (for seed_demo's report), or None."""
    if round is None:
        return None
    from django.urls import reverse

    now = timezone.now()
    for referee in Referee.objects.filter(application__round=round, status=RefereeStatus.INVITED, token_expires_at__gt=now).select_related("application__applicant").order_by("pk"):
        token = demo_token(referee.application.applicant.username, referee.slot)
        if referee.token_hash == token_digest(token):
            return reverse("applicants:referee-link", kwargs={"token": token})
    return None
