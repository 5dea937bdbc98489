import pytest


@pytest.fixture
def mailable_applicant_a(applicant_a):
    applicant_a.email = "wang.jianguo@example.cn"
    applicant_a.save(update_fields=["email"])
    return applicant_a
