"""The office's round and quota pages (included by urls.py, in the `rounds` namespace)."""
from django.urls import path

from . import views_office, views_quotas

urlpatterns = [
    path("office/rounds/", views_office.round_list, name="round-list"),
    path("office/rounds/new/", views_office.round_create, name="round-create"),
    path("office/rounds/<int:pk>/settings/", views_office.round_settings, name="round-settings"),
    path("office/rounds/<int:pk>/quota-scheme/", views_office.quota_scheme, name="quota-scheme"),
    path("office/rounds/<int:pk>/factors/", views_quotas.quota_factors, name="quota-factors"),
    path("office/rounds/<int:pk>/factors/template/", views_quotas.quota_factors_template, name="quota-factors-template"),
    path("office/rounds/<int:pk>/factors/import/", views_quotas.quota_factors_import, name="quota-factors-import"),
    path("office/rounds/<int:pk>/quotas/", views_quotas.quota_proposal, name="quotas"),
    path("office/rounds/<int:pk>/quotas/allocate/", views_quotas.quotas_allocate, name="quotas-allocate"),
    path("office/rounds/<int:pk>/quotas/confirm/", views_quotas.quotas_confirm, name="quotas-confirm"),
    path("office/quotas/<int:pk>/override/", views_quotas.quota_override, name="quota-override"),
]
