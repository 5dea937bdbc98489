"""The unit's list and balance endpoints under generated requests, as a unit's staff (the project-wide run
in apps/core/tests/test_api_schemathesis.py signs in as the office and an applicant, whom these refuse)."""
import schemathesis
from rest_framework.authtoken.models import Token

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.tests.test_api_schemathesis import run_operations, wsgi_app  # noqa: F401  (the fixture)


def test_unit_endpoints_hold_under_generated_requests(wsgi_app, round, unit_a, unit_staff_a, application_a):  # noqa: F811
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.FORWARDED, gender="F", industry="J", unit_rank=1)
    headers = {"Authorization": f"Token {Token.objects.create(user=unit_staff_a).key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, headers=headers).include(path_regex="^/api/v1/units/")

    failures = run_operations(schema, headers)

    assert sorted(result.ok().label for result in schema.get_all_operations()) == [
        "GET /api/v1/units/applications/", "GET /api/v1/units/balance/",
    ]
    assert failures == [], "\n\n".join(failures)
