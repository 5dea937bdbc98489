from .models import AuditEntry


def history_of(obj, limit=50):
    """The audit entries about one object, newest first."""
    return list(
        AuditEntry.objects.select_related("actor").filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-seq")[:limit]
    )
