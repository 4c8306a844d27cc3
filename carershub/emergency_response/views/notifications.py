"""Messages to emergency contacts, from the responder's screen: sending a failed one again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.emergency_response.selectors import (
    get_notification_for_responder,
)
from carershub.emergency_response.services.common import ActivationClosed
from carershub.emergency_response.services.notifications import retry_notification


@never_cache  # the responder screen holds the key safe: no copy in any cache or back-button store
@login_required
@require_POST
def retry(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = get_notification_for_responder(request.user, notification_id)
    try:
        notification = retry_notification(notification, by=request.user)
    except ActivationClosed:
        messages.error(request, "This activation is closed: its messages cannot be sent again")
        return redirect(notification.activation)
    notification.refresh_from_db()  # the send ran (or was queued) when the retry was committed
    messages.info(
        request,
        f"{notification.get_channel_display()} to {notification.contact.name}: {notification.get_status_display()}",
    )
    return redirect(notification.activation)
