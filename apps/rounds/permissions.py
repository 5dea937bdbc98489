from apps.accounts.roles import is_programme_staff


def can_manage_rounds(user):
    return is_programme_staff(user)
