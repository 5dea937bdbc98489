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

    with django_assert_num_queries(5):
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


@pytest.mark.django_db
def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, applicant_a, application_a):
    notice = NoticeFactory(recipient=applicant_a, link=f"/applications/{application_a.pk}/")
    other = NoticeFactory(recipient=applicant_a)
    client.force_login(applicant_a)

    response = client.get(reverse("notices:open", args=[notice.pk]))

    assert (response.status_code, response.url) == (302, f"/applications/{application_a.pk}/")
    notice.refresh_from_db()
    other.refresh_from_db()
    assert (notice.read_at is not None, other.read_at) == (True, None)


@pytest.mark.django_db
def test_opening_a_notice_twice_keeps_the_first_reading_time(client, applicant_a):
    read_earlier = timezone.now() - timedelta(days=2)
    notice = NoticeFactory(recipient=applicant_a, read_at=read_earlier)
    client.force_login(applicant_a)

    response = client.get(reverse("notices:open", args=[notice.pk]))

    notice.refresh_from_db()
    assert (response.url, notice.read_at) == (reverse("notices:inbox"), read_earlier)


@pytest.mark.django_db
def test_only_the_recipient_opens_a_notice(client, applicant_a, applicant_b):
    notice = NoticeFactory(recipient=applicant_a, link="/applications/1/")
    client.force_login(applicant_b)

    response = client.get(reverse("notices:open", args=[notice.pk]))

    notice.refresh_from_db()
    assert (response.status_code, notice.read_at) == (404, None)


@pytest.mark.django_db
def test_opening_never_redirects_off_site(client, applicant_a):
    notice = NoticeFactory(recipient=applicant_a, link="https://evil.example.com/")
    client.force_login(applicant_a)

    response = client.get(reverse("notices:open", args=[notice.pk]))

    assert response.url == reverse("notices:inbox")


@pytest.mark.django_db
def test_the_inbox_links_through_the_open_view(client, applicant_a):
    linked = NoticeFactory(recipient=applicant_a, link="/applications/7/", subject="有链接的通知")
    NoticeFactory(recipient=applicant_a, subject="无链接的通知")
    client.force_login(applicant_a)

    html = client.get(reverse("notices:inbox")).content.decode()

    assert f'<a href="/notices/{linked.pk}/open/">有链接的通知</a>' in html
    assert "/applications/7/" not in html
    assert '<strong class="subject">无链接的通知</strong>' in html
