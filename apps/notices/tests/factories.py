import factory

from apps.accounts.tests.factories import UserFactory
from apps.notices.models import Notice


class NoticeFactory(factory.django.DjangoModelFactory):
    """An unread, unsent notice to one user."""

    class Meta:
        model = Notice

    recipient = factory.SubFactory(UserFactory)
    kind = "application.status"
    subject = factory.Sequence(lambda n: f"申报状态变更通知{n}")
    body = "您的申报状态已变更，请登录平台查看。"
