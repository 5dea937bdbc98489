"""The API's documentation page: Swagger UI served from drf-spectacular-sidecar's static files.

The page is for people in a browser, so an anonymous visitor is sent to the login page (with
?next=) instead of the bare 401 an API endpoint answers; the schema itself stays an endpoint.
"""
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions


class APIDocsView(SpectacularSwaggerSplitView):
    def handle_exception(self, exc):
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
