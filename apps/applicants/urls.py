from django.urls import path

from . import views, views_evidence, views_profile, views_referees, views_registration, views_statement

app_name = "applicants"

urlpatterns = [
    path("applicant/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/status/", views.change_status, name="change-status"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/versions/<int:version>/", views.snapshot_detail, name="snapshot"),
    # The five-powers statement and the evidence files (views_statement.py, views_evidence.py).
    path("applications/<int:pk>/statement/", views_statement.statement, name="statement"),
    path("applications/<int:pk>/statement/<int:indicator_pk>/", views_statement.save, name="statement-save"),
    path("applications/<int:pk>/evidence/", views_evidence.evidence, name="evidence"),
    path("applications/<int:pk>/evidence/upload/", views_evidence.upload, name="evidence-upload"),
    path("applications/<int:pk>/evidence/<int:file_pk>/download/", views_evidence.download, name="evidence-download"),
    path("applications/<int:pk>/evidence/<int:file_pk>/delete/", views_evidence.delete, name="evidence-delete"),
    # Registration, invitation, consent and the profile (views_registration, views_profile).
    path("register/", views_registration.register, name="register"),
    path("register/sent/", views_registration.register_done, name="register-done"),
    path("register/verify/<str:token>/", views_registration.verify_email, name="verify-email"),
    path("invitation/<str:token>/", views_registration.accept_invitation, name="accept-invitation"),
    path("privacy/", views_registration.privacy_policy, name="privacy-policy"),
    path("unit/invitations/new/", views_registration.invite, name="invite"),
    path("applications/new/", views_profile.start, name="start"),
    path("applications/<int:pk>/profile/", views_profile.profile_page, name="profile"),
    path("applications/<int:pk>/profile/resident-id/", views_profile.reveal_resident_id, name="profile-reveal-id"),
    # The three referees (views_referees.py); the referee's own page needs no account.
    path("applications/<int:pk>/referees/", views_referees.referee_list, name="referees"),
    path("applications/<int:pk>/referees/invite/", views_referees.invite, name="referee-invite"),
    path("applications/<int:pk>/referees/<int:referee_pk>/resend/", views_referees.resend, name="referee-resend"),
    path("applications/<int:pk>/referees/<int:referee_pk>/replace/", views_referees.replace, name="referee-replace"),
    path("applications/<int:pk>/referees/<int:referee_pk>/letter/", views_referees.letter, name="referee-letter"),
    path("referee/<str:token>/", views_referees.referee_link, name="referee-link"),
]
