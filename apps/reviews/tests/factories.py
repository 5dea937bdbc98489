import factory

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.reviews.models import ExpertProfile, Panel


class ExpertFactory(factory.django.DjangoModelFactory):
    """An expert of the pool with an account of the expert role (a distinct employer unless told)."""

    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory, role=Role.EXPERT, email=factory.Sequence(lambda n: f"expert{n}@example.cn"))
    field = "智能制造"
    industry = "C"
    employer_name = factory.Sequence(lambda n: f"第{n}研究院")


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel
        skip_postgeneration_save = True

    round = factory.SubFactory("apps.rounds.tests.factories.RoundFactory")
    field = "智能制造"
    name = factory.Sequence(lambda n: f"第{n}专家组")
    industries = "C"

    @factory.post_generation
    def members(panel, create, extracted, **kwargs):
        if create and extracted:
            panel.members.set(extracted)
