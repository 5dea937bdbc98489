from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.timezone import localtime

from . import audit_display, events, policy
from .models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows rows and never adds, edits or deletes them: those rows change only through services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NamedObjectMixin:
    """Titles and breadcrumbs of an object's admin pages by `object_label(obj)`, not by its __str__
    (which may carry a database id): templates/admin/named_change_form.html and named_object_history.html."""

    change_form_template = "admin/named_change_form.html"
    object_history_template = "admin/named_object_history.html"

    def object_label(self, obj):
        return str(obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None:
            label = self.object_label(obj)
            extra_context = {**(extra_context or {}), "subtitle": label, "object_label": label}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            label = self.object_label(obj)
            extra_context = {**(extra_context or {}), "title": f"修改历史：{label}", "object_label": label}
        return super().history_view(request, object_id, extra_context)


def object_labels(site, object_type, ids):
    """{id: label} for audited objects of one type, in one query: the registered admin's
    `audit_object_labels(ids)` when it has one (so the label says who, not which id), else str()."""
    model = audit_display.model_of(object_type)
    if model is None or not ids:
        return {}
    model_admin = site._registry.get(model)
    if model_admin is not None and hasattr(model_admin, "audit_object_labels"):
        return model_admin.audit_object_labels(ids)
    valid = [pk for pk in ids if pk.isdigit()] if model._meta.pk.get_internal_type().endswith("AutoField") else ids
    return {str(pk): str(obj) for pk, obj in model._default_manager.in_bulk(valid).items()}


class AuditChangeList(ChangeList):
    """Labels every listed entry's object from its current row: one query per object type on the page."""

    def get_results(self, request):
        super().get_results(request)
        ids_by_type = {}
        for entry in self.result_list:
            ids_by_type.setdefault(entry.object_type, set()).add(entry.object_id)
        labels = {
            object_type: object_labels(self.model_admin.admin_site, object_type, sorted(ids))
            for object_type, ids in ids_by_type.items()
        }
        for entry in self.result_list:
            entry.object_label = labels.get(entry.object_type, {}).get(entry.object_id) or entry.object_repr


class EventFilter(admin.SimpleListFilter):
    title = "事件"
    parameter_name = "event"

    def lookups(self, request, model_admin):
        actions = model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        return sorted(((action, events.display_label(action)) for action in actions), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class ObjectTypeFilter(admin.SimpleListFilter):
    title = "对象类型"
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        types = model_admin.get_queryset(request).order_by().values_list("object_type", flat=True).distinct()
        choices = ((object_type, audit_display.object_type_label(object_type)) for object_type in types if object_type)
        return sorted(choices, key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(NamedObjectMixin, ReadOnlyAdmin):
    """Read-only: the audit trail is never edited or deleted, not even by a superuser.

    Shown in words: the event's label (core.events), the actor's name, the object's type and its
    current name, the changed data as a table with personal data masked. The chain fields (seq and
    hashes) are kept for auditors in a folded section of the entry's page.
    """

    list_display = ("created_at", "actor_display", "event_display", "object_type_display", "object_display", "ip")
    list_display_links = ("created_at",)
    list_filter = (EventFilter, ObjectTypeFilter)
    search_fields = ("object_repr", "actor_repr", "actor__display_name")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)
    fieldsets = (
        (None, {"fields": (
            "created_at", "actor_display", "event_display", "object_type_display", "object_display", "data_display", "ip",
        )}),
        ("完整性校验", {"classes": ("collapse",), "fields": ("seq", "prev_hash", "hash")}),
    )
    readonly_fields = (
        "created_at", "actor_display", "event_display", "object_type_display", "object_display", "data_display", "ip",
        "seq", "prev_hash", "hash",
    )

    def get_queryset(self, request):
        # The office reads here only what it may read elsewhere: entries about an object whose model has an
        # access policy (applications) are limited to the objects the policy lets this user see. The change
        # view and both filters' choices go through this queryset too, so an entry outside the scope "does not exist".
        return policy.audit_entries_visible(super().get_queryset(request), request.user)

    def get_changelist(self, request, **kwargs):
        return AuditChangeList

    def object_label(self, entry):
        return f"{events.display_label(entry.action)}（{audit_display.actor_name(entry)}，{localtime(entry.created_at):%Y-%m-%d %H:%M}）"

    @admin.display(description="操作人", ordering="actor_repr")
    def actor_display(self, entry):
        return audit_display.actor_name(entry)

    @admin.display(description="事件", ordering="action")
    def event_display(self, entry):
        return events.display_label(entry.action)

    @admin.display(description="对象类型")
    def object_type_display(self, entry):
        return audit_display.object_type_label(entry.object_type)

    @admin.display(description="对象")
    def object_display(self, entry):
        label = getattr(entry, "object_label", None)
        if label is None:  # the entry's own page: one object, one query
            label = object_labels(self.admin_site, entry.object_type, [entry.object_id]).get(entry.object_id)
            label = label or entry.object_repr
        url = self._object_admin_url(entry)
        return format_html('<a href="{}">{}</a>', url, label) if url else (label or audit_display.EMPTY)

    @admin.display(description="变更内容")
    def data_display(self, entry):
        return audit_display.data_table(entry)

    def _object_admin_url(self, entry):
        model = audit_display.model_of(entry.object_type)
        if model is None or model not in self.admin_site._registry or not entry.object_id:
            return ""
        try:
            name = f"{self.admin_site.name}:{model._meta.app_label}_{model._meta.model_name}_change"
            return reverse(name, args=[entry.object_id])
        except NoReverseMatch:
            return ""


# --- Third-party sections: the superuser's only -------------------------------------------------


class SuperuserOnlyMixin:
    """Hides a third-party admin (login attempts, periodic tasks, tokens, object permissions, groups)
    from everyone but the superuser: they are the platform's plumbing, not the programme office's work."""

    def _is_superuser(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._is_superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._is_superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._is_superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._is_superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_superuser(request) and super().has_delete_permission(request, obj)


def _guardian_admins():
    from guardian.models import GroupObjectPermission, UserObjectPermission

    class ObjectPermissionAdmin(SuperuserOnlyMixin, ReadOnlyAdmin):
        list_display = ("permission", "content_type", "object_pk")
        list_select_related = ("permission", "content_type")

    return {UserObjectPermission: ObjectPermissionAdmin, GroupObjectPermission: ObjectPermissionAdmin}


def restrict_third_party_admins(site):
    """Re-register every admin not written for this project (apps.*) as superuser-only.

    Runs when this module is imported by admin autodiscovery: the third-party apps come before
    apps.core in INSTALLED_APPS, so their admins are registered by then (a test checks each one).
    """
    for model, model_admin in _guardian_admins().items():
        if not site.is_registered(model):
            site.register(model, model_admin)
    for model, model_admin in list(site._registry.items()):
        if model_admin.__module__.startswith("apps.") or isinstance(model_admin, SuperuserOnlyMixin):
            continue
        cls = type(model_admin)
        site.unregister(model)
        site.register(model, type(cls.__name__, (SuperuserOnlyMixin, cls), {"__module__": cls.__module__}))


restrict_third_party_admins(admin.site)
