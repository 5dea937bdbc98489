import io
import logging

import pytest

from apps.core.log_filters import MaskPersonalDataFilter

RESIDENT_ID = "11010519491231002X"
PHONE = "13812345678"


@pytest.fixture
def masked_log():
    """A logger whose only handler carries the filter, as the console handler in settings.LOGGING does."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(MaskPersonalDataFilter())
    logger = logging.getLogger("apps.core.tests.masked")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, stream
    logger.removeHandler(handler)
    logger.propagate = True


def test_mask_filter_masks_numbers_passed_as_arguments(masked_log):
    logger, stream = masked_log

    logger.info("申报人 %s 的手机号 %s 已更新", RESIDENT_ID, PHONE)

    assert stream.getvalue() == "INFO 申报人 110***********002X 的手机号 138****5678 已更新\n"


def test_mask_filter_masks_numbers_inside_the_message(masked_log):
    logger, stream = masked_log

    logger.warning(f"重复的身份证号 {RESIDENT_ID.lower()}，电话 +86 {PHONE}")

    assert stream.getvalue() == "WARNING 重复的身份证号 110***********002X，电话 138****5678\n"


def test_mask_filter_leaves_messages_without_personal_data_untouched(masked_log):
    logger, stream = masked_log

    logger.info("第 %d 轮申报已开放，名额 %s 个", 2026, "200")

    assert stream.getvalue() == "INFO 第 2026 轮申报已开放，名额 200 个\n"


def test_mask_filter_masks_exception_tracebacks(masked_log):
    logger, stream = masked_log

    try:
        raise ValueError(f"无法发送短信到 {PHONE}，申报人 {RESIDENT_ID}")
    except ValueError:
        logger.exception("短信发送失败")

    output = stream.getvalue()
    assert (PHONE in output, RESIDENT_ID in output) == (False, False)
    assert output.splitlines()[-1] == "ValueError: 无法发送短信到 138****5678，申报人 110***********002X"


def test_logging_settings_put_the_mask_filter_on_every_handler():
    handlers = [*logging.getLogger().handlers, *logging.getLogger("django").handlers]

    filters = {type(log_filter) for handler in handlers for log_filter in handler.filters}

    assert (len(handlers) > 0, filters) == (True, {MaskPersonalDataFilter})


def test_logging_settings_mask_a_line_written_by_any_logger():
    console = next(handler for handler in logging.getLogger().handlers if isinstance(handler, logging.StreamHandler))
    stream = io.StringIO()
    previous_stream = console.setStream(stream)

    try:
        logging.getLogger("apps.applicants.services").warning("申报人手机号 %s 重复", PHONE)
    finally:
        console.setStream(previous_stream)

    line_after_timestamp = stream.getvalue().split(" ", 2)[-1]
    assert line_after_timestamp == "WARNING apps.applicants.services 申报人手机号 138****5678 重复\n"
