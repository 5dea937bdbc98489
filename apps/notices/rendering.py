"""Filling a kind's template with a notice's context, safely.

An editor's typo must never stop a notice: templates are validated when saved, and rendering
still survives a template that slipped through (an unknown placeholder renders empty; a text
that cannot be parsed falls back to the built-in text of its kind).
"""
import logging
import string

from django.core.exceptions import ValidationError

from .kinds import KIND_TEXTS

logger = logging.getLogger(__name__)

_FORMATTER = string.Formatter()


def placeholders_in(text):
    """The `{name}`s in `text`, in order; raises ValueError for unbalanced braces."""
    return [(name, spec, conversion) for _, name, spec, conversion in _FORMATTER.parse(text) if name is not None]


def validate_template(kind, *, subject, body):
    """Raise ValidationError (per field, in Chinese) unless both texts use only the kind's placeholders."""
    allowed = KIND_TEXTS[kind].placeholders if kind in KIND_TEXTS else {}
    errors = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            found = placeholders_in(text or "")
        except ValueError:
            errors[field] = "花括号不成对：占位符须写成 {名称}，文字中的花括号请写成 {{ 或 }}。"
            continue
        for name, spec, conversion in found:
            if name not in allowed:
                names = "、".join(f"{{{key}}}" for key in allowed) or "（无）"
                errors[field] = f"未知的占位符 {{{name}}}。可用的占位符：{names}。"
                break
            if spec or conversion:
                errors[field] = f"占位符 {{{name}}} 不能带格式说明，请只写 {{{name}}}。"
                break
    if errors:
        raise ValidationError(errors)


class _Context(dict):
    def __missing__(self, key):
        return ""


def _fill(text, context):
    return _FORMATTER.vformat(text, (), context)


def render(kind, context, *, template=None):
    """(subject, body) of a `kind` notice: `template`'s texts filled with `context`."""
    context = _Context({key: "" if value is None else str(value) for key, value in (context or {}).items()})
    builtin = KIND_TEXTS.get(kind)
    texts = [(template.subject, template.body)] if template is not None else []
    if builtin is not None:
        texts.append((builtin.subject, builtin.body))
    for subject, body in texts:
        try:
            return _fill(subject, context)[:200], _fill(body, context)
        except (ValueError, IndexError, KeyError, AttributeError, TypeError) as error:
            logger.warning("Notice template of %s cannot be rendered (%s); using the built-in text", kind, error.__class__.__name__)
    return str(kind), ""
