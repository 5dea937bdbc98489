"""A bounded schemathesis run against /api/schema/: no 5xx, and responses that match the schema.

Property-based: for every operation of the schema, hypothesis generates requests (valid and
invalid bodies, parameters of every type) and each is sent through the WSGI application, with a
token of the programme office (who reaches the most endpoints) and again of an applicant. The
number of examples is bounded so the run takes well under two minutes on two cores; raise
API_FUZZ_EXAMPLES locally to search harder.
"""
import os

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.checks import not_a_server_error

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app(db):
    # As Django's test client does: a request must not close the connection that holds the
    # test's transaction (close_old_connections would, since autocommit is off inside it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run_operations(schema, headers):
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    # Issuing a token replaces the one these requests carry: fuzz that operation last.
    for operation in sorted(operations, key=lambda operation: operation.label == "POST /api/v1/me/token/"):

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
            phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            fuzz()
        except Exception as error:  # noqa: BLE001  collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {error}")
    return failures


@pytest.mark.parametrize("who", ["programme_staff", "applicant_a"])
def test_api_schema_holds_under_generated_requests(wsgi_app, application_a, application_b, who, request):
    token = Token.objects.create(user=request.getfixturevalue(who))
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, headers=headers)

    failures = run_operations(schema, headers)

    assert failures == [], "\n\n".join(failures)
