"""The `redis_worker` fixture: a real Celery worker (a thread of this process) on the broker REDIS_URL names.

A pytest plugin of the root conftest. Tests using it are marked `celery_worker`, skip without
REDIS_URL, and use `django_db(transaction=True)` (the worker thread has its own connection, so it
sees only committed rows). No result backend: a test polls the rows the task writes (`wait_for`).
"""
import logging
import os
import time

import pytest


def pytest_configure(config):
    # Parallel test processes (pytest-xdist) share one broker: each gets its own queue, so one
    # process's worker never runs another's tasks against the wrong database, nor purges them.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from django.conf import settings

        settings.CELERY_TASK_DEFAULT_QUEUE = f"celery-{worker}"


def wait_for(condition, *, seconds=20):
    """Poll `condition()` until it is true or `seconds` pass; returns its last value."""
    deadline = time.monotonic() + seconds
    while not (result := condition()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


@pytest.fixture
def redis_worker():
    """A worker thread of the project's Celery app on the broker REDIS_URL names, with an empty queue."""
    from celery.contrib.testing.worker import start_worker

    from apps.notices.services import broker_breaker
    from craftsman_portal.celery import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    # start_worker sets the logging subsystem up again each time (root level "error" included):
    # put the root logger back as LOGGING made it, so later tests see their log lines.
    root = logging.getLogger()
    root_level, root_handlers = root.level, list(root.handlers)
    # Tasks left in the test broker by an earlier run would otherwise act on this test's rows.
    celery_app.control.purge()
    broker_breaker.reset()
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=30) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = previous
        root.setLevel(root_level)
        root.handlers[:] = root_handlers
