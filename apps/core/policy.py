"""One access policy per model: "which rows may this user see" and "may this user see this row", from one definition.

A model's policy is the union of its branches. Each branch is a function `scope(user) -> Q | None`
(None: the branch does not apply to this user) registered under the model's label, usually from
the owning app's `AppConfig.ready`. Later apps add their own branch without the owning app importing
them: reviews adds "an assigned expert without a conflict" to `applicants.application` from
`ReviewsConfig.ready`, publicity the public subset, and so on.

    policy.register_branch("applicants.application", "unit", unit_branch)

Both questions are answered from the same Q, so a list and a detail page can never disagree:
`visible(queryset, user)` filters a queryset (lists, exports, counts, the admin, the audit admin)
and `can_see(user, obj)` asks the database whether `obj` is in that queryset.

A branch's Q should use the row's own fields or `pk__in=<subquery>` for multi-valued relations,
so the union never duplicates rows. `user=None` is the system (scheduled tasks): it sees every row.
"""
from django.apps import apps
from django.db.models import CharField, Q
from django.db.models.functions import Cast

_BRANCHES = {}


def register_branch(model_label, name, scope_fn):
    """Add branch `name` to the policy of `model_label` ("app_label.modelname", lower case)."""
    model_label = model_label.lower()
    branches = _BRANCHES.setdefault(model_label, {})
    if name in branches and branches[name] is not scope_fn:
        raise ValueError(f"{model_label} already has a branch named {name!r}")
    branches[name] = scope_fn


def unregister_branch(model_label, name):
    """Remove a branch (for tests that add a throwaway branch)."""
    _BRANCHES.get(model_label.lower(), {}).pop(name, None)


def has_policy(model_label):
    return bool(_BRANCHES.get(model_label.lower()))


def policed_labels():
    """The labels of every model that has a policy."""
    return frozenset(label for label, branches in _BRANCHES.items() if branches)


def branch_names(model_label):
    return tuple(_BRANCHES.get(model_label.lower(), {}))


def scope_q(model_label, user):
    """The Q of the rows `user` may see, or None for the system (every row). Nothing matches without a branch."""
    if user is None:
        return None
    q = Q(pk__in=[])
    for scope_fn in _BRANCHES.get(model_label.lower(), {}).values():
        branch = scope_fn(user)
        if branch is not None:
            q |= branch
    return q


def visible(queryset, user):
    """`queryset` narrowed to the rows `user` may see."""
    q = scope_q(queryset.model._meta.label_lower, user)
    return queryset if q is None else queryset.filter(q)


def can_see(user, obj):
    """True when `obj` is among the rows `user` may see (one query, none for the system)."""
    if user is None:
        return True
    model = type(obj)
    return visible(model._default_manager.filter(pk=obj.pk), user).exists()


def visible_ids_as_text(model_label, user):
    """A subquery of the visible rows' primary keys as text, to match `AuditEntry.object_id`."""
    model = apps.get_model(model_label)
    queryset = visible(model._default_manager.all(), user)
    return queryset.order_by().annotate(pk_text=Cast("pk", CharField())).values("pk_text")


def audit_entries_visible(queryset, user):
    """Audit entries narrowed to those about objects `user` may see, for object types that have a policy.

    Entries about object types without a policy (accounts, rounds, units) are left as they are.
    """
    if user is None:
        return queryset
    labels = sorted(policed_labels())
    q = ~Q(object_type__in=labels)
    for label in labels:
        q |= Q(object_type=label, object_id__in=visible_ids_as_text(label, user))
    return queryset.filter(q)
