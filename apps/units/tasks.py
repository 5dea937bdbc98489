import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .forms_pdf import render_form, requeue_waiting_forms

logger = logging.getLogger(__name__)

# Fire-and-forget, as every task here: the effect is on the row (apps.units.models_forms).


@shared_task(ignore_result=True)
def render_recommendation_form(*, form_id):
    """Render one recommendation form; a retried or duplicated task finds it claimed and does nothing."""
    form = render_form(form_id)
    if form is None:
        logger.warning("Recommendation form %s vanished before rendering", form_id)
        return None
    return form.status


@shared_task(ignore_result=True)
def reconcile_recommendation_forms(*, minutes=10):
    """Beat runs this: forms a lost broker dropped, or a dead worker left rendering, are queued again."""
    return requeue_waiting_forms(older_than=timezone.now() - timedelta(minutes=minutes))
