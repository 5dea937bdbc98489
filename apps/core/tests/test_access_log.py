"""The gunicorn access log of deploy/gunicorn.conf.py masks resident ID numbers and phones."""
import runpy
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from gunicorn.config import Config

RESIDENT_ID = "11010519491231002X"
PHONE = "13812345678"


def gunicorn_config(log_path):
    """The deploy config file as gunicorn reads it, writing the access log to `log_path`."""
    cfg = Config()
    for name, value in runpy.run_path(str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py")).items():
        if name in cfg.settings:
            cfg.set(name, value)
    cfg.set("accesslog", str(log_path))
    return cfg


def log_request(cfg, query):
    logger = cfg.logger_class(cfg)
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"/api/v1/applications/?{query}", "PATH_INFO": "/api/v1/applications/",
        "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.2",
        "HTTP_REFERER": f"https://portal.example.cn/search?{query}",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "203.0.113.9"), ("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()


def test_access_log_masks_resident_id_numbers_and_phones_in_the_query(tmp_path):
    cfg = gunicorn_config(tmp_path / "access.log")

    log_request(cfg, f"id_number={RESIDENT_ID}&phone={PHONE}&page=2")

    line = (tmp_path / "access.log").read_text()
    assert (RESIDENT_ID in line, PHONE in line) == (False, False)
    assert line.startswith('203.0.113.9 10.0.0.2 "GET /api/v1/applications/?id_number=110***********002X&phone=138****5678&page=2 HTTP/1.1" 200 512')


def test_access_log_keeps_a_line_without_personal_data_as_it_is(tmp_path):
    cfg = gunicorn_config(tmp_path / "access.log")

    log_request(cfg, "status=submitted&page=2")

    assert '"GET /api/v1/applications/?status=submitted&page=2 HTTP/1.1" 200 512' in (tmp_path / "access.log").read_text()
