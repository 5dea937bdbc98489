"""gunicorn's logger, with resident ID numbers and phones masked in the access and error logs.

A query string such as `?id_number=11010519491231002X` or `?phone=13812345678` would otherwise
reach the access log verbatim (gunicorn logs the raw request line, the query and the referrer).
deploy/gunicorn.conf.py names this class as `logger_class`. Imports nothing that needs Django's
settings: gunicorn's master loads it before the application.
"""
from gunicorn.glogging import Logger

from .log_filters import MaskPersonalDataFilter

_MASK = MaskPersonalDataFilter()


class MaskingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        # On the loggers, not their handlers: it then covers every handler gunicorn configures
        # (files, stdout, syslog). One shared instance, so a re-setup does not stack filters.
        for logger in (self.access_log, self.error_log):
            logger.addFilter(_MASK)
