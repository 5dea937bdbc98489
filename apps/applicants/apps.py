from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "apps.applicants"
    label = "applicants"
    verbose_name = "申报"
