import factory

from apps.accounts.models import User
from apps.accounts.roles import Role

PASSWORD = "Craftsman-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    """A user of any role; unit staff get their unit and the object permission on it, as the service grants."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name", locale="zh_CN")
    role = Role.APPLICANT
    is_staff = factory.LazyAttribute(lambda user: user.role == Role.PROGRAMME_STAFF)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def grant_unit(user, create, extracted, **kwargs):
        user.save()


class UnitStaffFactory(UserFactory):
    role = Role.UNIT_STAFF
    unit = factory.SubFactory("apps.units.tests.factories.RecommendingUnitFactory")
