"""The inbox page and "mark all read"."""
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from apps.notices.models import Notice
from apps.notices.tests.factories import NoticeFactory


def _created(notice, minutes_ago):
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return notice


@pytest.mark.django_db
def test_inbox_lists_only_the_callers_notices_newest_first(client, applicant_a, applicant_b):
    _created(NoticeFactory(recipient=applicant_b), 1)
    older = _created(NoticeFactory(recipient=applicant_a), 10)
    newer = _created(NoticeFactory(recipient=applicant_a), 5)
    client.force_login(applicant_a)

    response = client.get(reverse("notices:inbox"))

    assert list(response.context["page"].object_list) == [newer, older]
    assert response.context["unread_notice_count"] == 2


@pytest.mark.django_db
def test_inbox_redirects_anonymous_users_to_login(client):
    response = client.get(reverse("notices:inbox"))

    assert (response.status_code, response.url) == (302, f"{reverse('accounts:login')}?next={reverse('notices:inbox')}")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_inbox_query_count(client, applicant_a, count, django_assert_num_queries):
    NoticeFactory.create_batch(count, recipient=applicant_a)
    client.force_login(applicant_a)

    with django_assert_num_queries(8):
        response = client.get(reverse("notices:inbox"))

    assert len(response.context["page"].object_list) == count


@pytest.mark.django_db
def test_read_all_marks_the_callers_notices_read_and_says_how_many(client, applicant_a, applicant_b):
    others = NoticeFactory(recipient=applicant_b)
    NoticeFactory.create_batch(2, recipient=applicant_a)
    client.force_login(applicant_a)

    response = client.post(reverse("notices:read-all"), follow=True)

    assert response.redirect_chain == [(reverse("notices:inbox"), 302)]
    assert [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)] == [("success", "已将 2 条通知标为已读。")]
    assert list(Notice.objects.filter(read_at__isnull=True)) == [others]
    assert response.context["unread_notice_count"] == 0


@pytest.mark.django_db
def test_read_all_refuses_get(client, applicant_a):
    NoticeFactory(recipient=applicant_a)
    client.force_login(applicant_a)

    response = client.get(reverse("notices:read-all"))

    assert response.status_code == 405
    assert Notice.objects.filter(read_at__isnull=True).count() == 1
