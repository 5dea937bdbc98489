from .roles import dashboard_url_name, is_programme_staff


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "dashboard_url_name": dashboard_url_name(user),
        "role_label": "系统管理员" if user.is_superuser else user.get_role_display(),
        "can_use_admin": user.is_staff and is_programme_staff(user),
        "can_manage_accounts": is_programme_staff(user),
        # A desk reads the count within its own round query (notices.selectors.unread_count_column).
        "unread_notice_count": _unread_notice_count(request, user),
    }


def _unread_notice_count(request, user):
    count = getattr(request, "unread_notice_count", None)
    return user.notices.filter(read_at__isnull=True).count() if count is None else count
