"""Row locks for services that change many rows in one transaction.

Two transactions that lock the same rows in different orders can deadlock: each holds one row and
waits for the other's. Bulk services (allocating quotas, opening publicity, publishing, issuing
certificates) lock their rows through `lock_in_order`, so every writer takes them in primary-key
order, and then audit (`audit.record` once per row, or one `audit.record_summary`): the chain head
is always the last lock before commit.
"""


def lock_in_order(queryset):
    """Lock every row of `queryset` (SELECT ... FOR UPDATE) in primary-key order, and return them in that order.

    Call inside the service's transaction, before its first audit entry. The rows come back in pk
    order whatever order the caller asked for; sort them again for display, not for locking.
    """
    return list(queryset.select_for_update().order_by("pk"))
