"""Form fields in Bootstrap's markup, without a class in every form: `{{ field|control }}`."""
from django import forms
from django import template

register = template.Library()


@register.filter
def control(field):
    """The field's widget with Bootstrap's class, marked invalid when the field has errors."""
    widget = field.field.widget
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class"), css, "is-invalid" if field.errors else ""]))}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
