"""Model permissions per role, kept in Django groups and re-synced after every migrate."""
from django.contrib.auth.models import Group, Permission

from .roles import Role

# Programme staff run the round in the admin. The audit log is view-only for everyone.
ROLE_PERMISSIONS = {
    Role.PROGRAMME_STAFF: [
        "rounds.view_round", "rounds.add_round", "rounds.change_round",
        "rounds.view_indicator", "rounds.change_indicator",
        "units.view_recommendingunit", "units.add_recommendingunit", "units.change_recommendingunit",
        "applicants.view_application",
        "notices.view_notice",
        "core.view_auditentry",
        "accounts.view_user",
    ],
}


def sync_role_groups(**kwargs):
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.label)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permissions.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


def group_for(role):
    return Group.objects.filter(name=role.label).first()
