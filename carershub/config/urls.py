"""Top-level URL map: one include per domain app, plus the API and the sign-in screens."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from carershub.accounts import views as accounts_views
from carershub.config.api import api
from carershub.core import views as core_views

admin.site.site_header = "Carers Hub administration"
admin.site.site_title = "Carers Hub administration"
# The admin signs in through django-allauth like every other page: password, then MFA, with its login throttling.
# Its own password-only form would skip both.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("carershub.core.urls")),
    path("organisations/", include("carershub.organisations.urls")),
    path("people/", include("carershub.people.urls")),
    path("referrals/", include("carershub.referrals.urls")),
    path("", include("carershub.identification.urls")),
    path("assessments/", include("carershub.assessments.urls")),
    path("self-assessment/", include("carershub.assessments.public_urls")),
    path("emergency/", include("carershub.emergency_response.urls")),
    path("commissioning/", include("carershub.commissioning.urls")),
    path("procurement/", include("carershub.procurement.urls")),
    path("support-plans/", include("carershub.support_plans.urls")),
    path("support/", include("carershub.support.urls")),
    path("grants/", include("carershub.grants.urls")),
    path("community-fund/", include("carershub.grants.public_urls")),
    path("feedback/", include("carershub.support.public_urls")),
    path("directory/", include("carershub.directory.urls")),
    path("find-support/", include("carershub.directory.public_urls")),
    path("my-work/", include("carershub.caseloads.urls")),
    # A sign-in email address identifies one named member of staff; only an administrator may change it.
    path("accounts/email/", core_views.not_offered),
    # Before allauth's own URL of the same name: set-up counts as the session's MFA step (accounts/views.py).
    path("accounts/2fa/totp/activate/", accounts_views.activate_totp, name="mfa_activate_totp"),
    path("accounts/session/", accounts_views.session_status, name="session_status"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler404 = core_views.page_not_found
handler500 = core_views.server_error
handler403 = core_views.permission_denied
