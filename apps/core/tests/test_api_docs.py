"""/api/docs/: a page for signed-in people, in Chinese, served offline."""
import re

import pytest
from django.urls import reverse

CJK = re.compile(r"[\u4e00-\u9fff]")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.mark.django_db
def test_api_docs_send_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(reverse("api-docs"))

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/api/docs/")


def test_api_docs_are_served_from_our_own_static_files(client, applicant_a):
    client.force_login(applicant_a)

    page = client.get(reverse("api-docs"))
    script = client.get(reverse("api-docs"), {"script": ""})

    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert EXTERNAL.findall(html) == []
    assert (script.status_code, "http://" in script.content.decode() or "https://" in script.content.decode()) == (200, False)


def test_api_schema_speaks_chinese_in_title_description_summaries_and_tags(client, applicant_a):
    client.force_login(applicant_a)

    schema = client.get(reverse("api-schema"), {"format": "json"}).json()

    assert (bool(CJK.search(schema["info"]["title"])), bool(CJK.search(schema["info"]["description"]))) == (True, True)
    operations = [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    not_chinese = [
        f"{method.upper()} {path}"
        for path, method, op in operations
        if not CJK.search(op.get("summary", ""))
        or not CJK.search(op.get("description", ""))
        or not op.get("tags")
        or not all(CJK.search(tag) for tag in op["tags"])
    ]
    assert (len(operations) >= 8, not_chinese) == (True, [])
    # Every tag used is one of the declared, described ones (SPECTACULAR_SETTINGS["TAGS"]), in their order.
    assert {tag for _, _, op in operations for tag in op["tags"]} <= {tag["name"] for tag in schema["tags"]}
    assert [tag["name"] for tag in schema["tags"]][:5] == ["账号", "账号管理", "遴选年度", "申报", "通知"]
