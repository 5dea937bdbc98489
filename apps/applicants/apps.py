from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "apps.applicants"
    label = "applicants"
    verbose_name = "申报"

    def ready(self):
        from . import history, permissions

        permissions.register_policy()
        history.register_events()
