"""The permission matrix world's review objects (tests/world.py): the expert's profile, a panel, an
assignment on application A, and one on application B hidden by a derived conflict (B's avoid list)."""
from apps.reviews.models import Assignment, AvoidEntry, ExpertProfile, Panel


def world_reviews(round, expert, application_a, application_b):
    profile = ExpertProfile.objects.create(user=expert, field="智能制造", industry="C", employer_name="清华大学")
    panel = Panel.objects.create(round=round, field="智能制造", name="制造业专家组", industries="C")
    panel.members.add(profile)
    AvoidEntry.objects.create(application=application_b, slot=1, name=expert.display_name, employer_name="清华大学")
    return {
        "expert_profile": profile,
        "panel": panel,
        "assignment_a": Assignment.objects.create(round=round, application=application_a, expert=profile, panel=panel),
        "assignment_b_conflicted": Assignment.objects.create(
            round=round, application=application_b, expert=profile, panel=panel
        ),
    }
