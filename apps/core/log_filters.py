import logging

from .masking import mask_text


class MaskPersonalDataFilter(logging.Filter):
    """Masks resident ID numbers and phone numbers in every log line, whoever wrote it."""

    def filter(self, record):
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
