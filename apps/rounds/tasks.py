from celery import shared_task

from apps.accounts.models import User

from . import reminders
from .models import Round
from .services import allocate_quotas as allocate


@shared_task(ignore_result=True)
def allocate_quotas(*, round_id, user_id):
    """Apportion a round's quotas for the office user `user_id` (the service checks who may, and is idempotent)."""
    round = Round.objects.get(pk=round_id)
    allocate(round, by=User.objects.get(pk=user_id))


@shared_task(ignore_result=True)
def send_deadline_reminders():
    """Beat runs this hourly: the 7-, 3- and 1-day reminders due now (apps/rounds/reminders.py), each once."""
    sent = reminders.send_deadline_reminders()
    return {f"{round_pk}:{field}:{days}": counts for (round_pk, field, days), counts in sent.items()}
