"""Model permissions that follow from a user's role, defined in code rather than in group rows.

A role's rights are part of the programme's rules: they live here, reviewed like code,
and cannot drift in the database. Object permissions (a unit's staff on that unit) stay
with django-guardian.
"""
from django.contrib.auth.backends import BaseBackend

from .roles import Role

ROLE_PERMISSIONS = {
    # Programme staff run the round in the admin. The audit log is view-only for everyone;
    # notices are personal and read only in each user's own inbox.
    Role.PROGRAMME_STAFF: frozenset({
        "rounds.view_round", "rounds.add_round", "rounds.change_round",
        "rounds.view_indicator", "rounds.change_indicator", "rounds.view_quota",
        "units.view_recommendingunit", "units.add_recommendingunit", "units.change_recommendingunit",
        "units.view_recommendationform",  # the renderings of the forwarded applications' forms, view-only
        "applicants.view_application", "applicants.view_statementanswer", "applicants.view_evidencefile", "applicants.view_referee",
        "applicants.view_consent",  # the record of consents to personal-information processing
        "core.view_auditentry",
        # Change means (de)activate only: the user admin has no other editable field.
        "accounts.view_user", "accounts.change_user",
        # Notice texts are the office's; failed mails are listed (without their bodies) to follow up.
        "notices.view_noticetemplate", "notices.change_noticetemplate", "notices.view_failednotice",
        # The holiday calendar that publicity periods count working days on (publicity has its own page).
        "publicity.view_calendarday", "publicity.add_calendarday", "publicity.change_calendarday", "publicity.delete_calendarday",
        # Cultivation records, read-only in the admin (publication creates them; the cultivation services change them).
        "cultivation.view_cultivation",
    }),
}


class RolePermissionBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return set(ROLE_PERMISSIONS.get(user_obj.role, ()))

    def has_module_perms(self, user_obj, app_label):
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))
