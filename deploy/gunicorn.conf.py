"""gunicorn settings of the web service (Dockerfile and docker-compose.yml: --config deploy/gunicorn.conf.py).

Reads a few GUNICORN_* variables; everything about the application itself comes from Django's settings.
"""
import os

wsgi_app = "craftsman_portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
errorlog = "-"
# Resident ID numbers and phones in URLs are masked before a log line is written.
logger_class = "apps.core.access_log.MaskingLogger"
# The client's address as the TLS proxy in front saw it, and the time taken.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
