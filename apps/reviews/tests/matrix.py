"""Permission matrix rows of the reviews app: the expert's desk (see tests/matrix.py for the format)."""
from tests.matrix import GET, LOGIN, Row

# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("reviews:dashboard", GET, (                  LOGIN,             403,               403,               403,               403,               200,               403,               403,               LOGIN)),
)
# fmt: on
