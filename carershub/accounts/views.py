"""Sign-in screens that differ from django-allauth's own."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.totp.views import ActivateTOTPView
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_http_methods

from carershub.accounts.sessions import note_use, seconds_left


class StaffActivateTOTPView(ActivateTOTPView):  # type: ignore[misc]  # allauth has no type hints
    """Setting up an authenticator app, after which the session counts as having passed MFA.

    The code typed to finish set-up comes from the new authenticator, so it proves the same as a code at sign-in;
    allauth does not record it as an MFA step, and RequireMFAMiddleware would otherwise ask for another code at once.
    """

    def form_valid(self, form: Form) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)
        record_authentication(self.request, self.request.user, "mfa", type="totp", enrolled=True)
        return response


activate_totp = StaffActivateTOTPView.as_view()


@require_http_methods(["GET", "POST"])
def session_status(request: HttpRequest) -> JsonResponse:
    """How long the signed-in session has left (GET, which does not count as use), or "Stay signed in" (POST,
    which does). Answers rather than redirecting when the session has ended, so the page can say so."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0}, status=401)
    if request.method == "POST":
        note_use(request)
    return JsonResponse({"signed_in": True, "seconds_left": seconds_left(request)})
