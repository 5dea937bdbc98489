from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "apps.applicants"
    label = "applicants"
    verbose_name = "申报"

    def ready(self):
        from . import history, history_evidence, permissions

        permissions.register_policy()
        history.register_events()
        history_evidence.register_events()
