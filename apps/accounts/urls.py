from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/password/done/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("accounts/password/reset/", views.password_reset, name="password-reset"),
    path("accounts/password/reset/sent/", views.password_reset_done, name="password-reset-done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("accounts/password/reset/complete/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("office/accounts/", views.office_accounts, name="office-accounts"),
    path("office/accounts/new/", views.office_account_create, name="office-account-create"),
    path("office/accounts/<int:pk>/deactivate/", views.office_account_deactivate, name="office-account-deactivate"),
    path("office/accounts/<int:pk>/activate/", views.office_account_activate, name="office-account-activate"),
    path("office/accounts/<int:pk>/unlock/", views.office_account_unlock, name="office-account-unlock"),
    path("office/accounts/<int:pk>/send-reset/", views.office_account_send_reset, name="office-account-send-reset"),
]
