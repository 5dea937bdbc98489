"""Celery application. Broker and behaviour come from Django settings (CELERY_*)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftsman_portal.settings")

app = Celery("craftsman_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
