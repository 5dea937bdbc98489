import logging

from .masking import mask_text


class MaskPersonalDataFilter(logging.Filter):
    """Masks resident ID numbers and phone numbers in every log line, whoever wrote it."""

    def filter(self, record):
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        # Exception messages and stacks can carry the same numbers: format them now, masked.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
