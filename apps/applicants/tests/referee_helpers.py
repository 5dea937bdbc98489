"""Shared arrangements of the referee tests: an editable draft with an employer, referees' data, links."""
import re

import pytest
from django.core import mail
from django.test import TestCase

from apps.applicants.enums import ApplicationStatus
from apps.applicants.referees import invite_referee
from apps.applicants.samples import pdf_bytes
from apps.applicants.tests.evidence_files import upload
from apps.applicants.tests.factories import ApplicationFactory
from apps.units.demo import employer_credit_code

OWN_EMPLOYER = "中国中车股份有限公司"
OWN_CODE = employer_credit_code(OWN_EMPLOYER, "11")
OTHER_CODES = [employer_credit_code(f"推荐专家单位{n}", "31") for n in range(6)]


def referee_data(n=0, **overrides):
    data = {
        "name": ["李强", "周敏", "吴海", "郑红", "冯军", "何平"][n],
        "email": f"referee{n}@example.com",
        "title": "full_senior",
        "employer_name": ["哈尔滨工业大学", "中国航天科技集团有限公司", "上海电气集团股份有限公司", "清华大学", "中国船舶集团有限公司", "浙江大学"][n],
        "employer_credit_code": OTHER_CODES[n],
        "relationship": "同行业专家，曾共同参与技术攻关",
    }
    return data | overrides


def confirm_data(n=0, **overrides):
    data = {key: value for key, value in referee_data(n).items() if key not in ("name", "email")}
    data["letter"] = upload(pdf_bytes("Signed letter"), name="推荐信.pdf")
    return data | overrides


def last_link_token():
    """The token of the link in the latest mail (the test reads the mailbox, as the referee does)."""
    return re.search(r"/referee/([^/\s]+)/", mail.outbox[-1].body).group(1)


@pytest.fixture
def draft(round, unit_a, applicant_a):
    return ApplicationFactory(
        round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT,
        employer_name=OWN_EMPLOYER, employer_credit_code=OWN_CODE,
    )


def sent(action, *args, **kwargs):
    """Run a service and its after-commit callbacks (the mail) now; return what it returned."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action(*args, **kwargs)


def invite(application, n=0, **overrides):
    """Invite referee `n` as the applicant; returns (referee, the token mailed to them)."""
    referee = sent(invite_referee, application, by=application.applicant, **referee_data(n, **overrides))
    return referee, last_link_token()


def invite_three(application):
    return [invite(application, n) for n in range(3)]
