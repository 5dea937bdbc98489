"""Audit entries for people: actor names, object types and the changed data in words, masked.

The audit admin and the history blocks show an entry through these, never its raw JSON or codes.
Model and field names are looked up through Django's app registry (core imports no other app).
"""
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join

from .masking import mask_text

SYSTEM = "系统"
EMPTY = "—"

# Keys of `record(..., **data)` that are not a field of the audited model.
KEY_LABELS = {
    "previous": "原状态",
    "reason": "理由",
    "old": "修改前",
    "new": "修改后",
    "scale": "规模",
    "users": "新建用户数",
    "applications": "新建申报数",
    "statuses": "各状态数量",
    "unit": "推荐单位",
}
# Keys whose value is the audited model's status, or whose items are another model's statuses.
STATUS_KEYS = {"previous": "status"}
VALUE_CHOICES_OF = {"statuses": ("applicants.application", "status")}
SCALE_LABELS = {"national": "全国规模", "default": "默认规模"}


def actor_name(entry):
    """The actor's name as people know them (display name), or 系统 for scheduled and system work."""
    if entry.actor_id is None:
        return entry.actor_repr or SYSTEM
    return entry.actor.display_name or entry.actor.username


def model_of(object_type):
    try:
        return apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        return None


def object_type_label(object_type):
    model = model_of(object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    return "其他对象" if object_type else EMPTY


def data_rows(entry):
    """[(label, text)] for the entry's data: old/new pairs become one row per field, "原值 → 新值"."""
    model = model_of(entry.object_type)
    data = dict(entry.data or {})
    rows = []
    old, new = data.pop("old", None), data.pop("new", None)
    if isinstance(old, dict) and isinstance(new, dict):
        for name in [*old, *(key for key in new if key not in old)]:
            before = _value_text(model, name, old.get(name))
            after = _value_text(model, name, new.get(name))
            rows.append((_key_label(model, name), f"{before} → {after}"))
    else:
        data.update({key: value for key, value in (("old", old), ("new", new)) if value is not None})
    for key, value in data.items():
        rows.append((_key_label(model, key), _value_text(model, key, value)))
    return rows


def data_table(entry):
    """The entry's data as an HTML table of label and value (empty data: a dash)."""
    rows = data_rows(entry)
    if not rows:
        return EMPTY
    body = format_html_join("", "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", rows)
    return format_html('<table class="audit-data">{}</table>', body)


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(STATUS_KEYS.get(name, name))
    except FieldDoesNotExist:
        return None


def _key_label(model, key):
    if key == "previous" and _field(model, key) is None:
        return "原值"  # e.g. the previous unit of a user: only a model with a status has a 原状态
    if key in KEY_LABELS:
        return KEY_LABELS[key]
    field = _field(model, key)
    return str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else key


def _value_text(model, key, value):
    if key in VALUE_CHOICES_OF and isinstance(value, dict):
        other = _field(model_of(VALUE_CHOICES_OF[key][0]), VALUE_CHOICES_OF[key][1])
        return "；".join(f"{_choice_label(other, item)}：{count}" for item, count in value.items())
    if key == "scale":
        return SCALE_LABELS.get(value, str(value))
    return _plain(_choice_label(_field(model, key), value))


def _choice_label(field, value):
    choices = dict(field.flatchoices) if field is not None and getattr(field, "choices", None) else {}
    if isinstance(value, (list, tuple)):
        # A list of choice values (e.g. the fields a change touched): each labelled, the list kept.
        return [choices.get(item, item) if _hashable(item) else item for item in value]
    return choices.get(value, value) if _hashable(value) else value


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _plain(value):
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(_plain(item) for item in value) or EMPTY
    if isinstance(value, dict):
        return "；".join(f"{key}：{_plain(item)}" for key, item in value.items()) or EMPTY
    return mask_text(str(value))
