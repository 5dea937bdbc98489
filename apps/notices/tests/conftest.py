import pytest

from craftsman_portal.celery import app as celery_app


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process even when REDIS_URL points the app at a real broker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def mailable_applicant_a(applicant_a):
    applicant_a.email = "wang.jianguo@example.cn"
    applicant_a.save(update_fields=["email"])
    return applicant_a
