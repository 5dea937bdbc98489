from celery import shared_task

from apps.accounts.models import User

from .models import Round
from .services import allocate_quotas as allocate


@shared_task(ignore_result=True)
def allocate_quotas(*, round_id, user_id):
    """Apportion a round's quotas for the office user `user_id` (the service checks who may, and is idempotent)."""
    round = Round.objects.get(pk=round_id)
    allocate(round, by=User.objects.get(pk=user_id))
