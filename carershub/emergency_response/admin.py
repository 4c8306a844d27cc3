"""The areas' 24/7 emergency lines are set up by administrators. Plans, cards and activations are not in the admin:
they hold personal data (and key safe details), so they are seen through the audited pages and changed only through
the services. The Notify API key can be replaced here but is never shown: the form has no initial value for it."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from carershub.emergency_response.models import EmergencyLine
from carershub.emergency_response.services.notifications import configure_emergency_line


class EmergencyLineForm(forms.ModelForm[EmergencyLine]):
    notify_api_key = forms.CharField(
        label="GOV.UK Notify API key",
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Stored encrypted and never shown again. Leave empty to keep the stored key.",
    )

    class Meta:
        model = EmergencyLine
        fields = ("area", "organisation", "phone_number", "notify_sms_template_id", "notify_email_template_id")


@admin.register(EmergencyLine)
class EmergencyLineAdmin(admin.ModelAdmin[EmergencyLine]):
    form = EmergencyLineForm
    list_display = ("area", "organisation", "phone_number", "notify_configured")
    list_select_related = ("area", "organisation")
    ordering = ("area__name",)

    @admin.display(boolean=True, description="Notify configured")
    def notify_configured(self, line: EmergencyLine) -> bool:
        return line.is_notify_configured()

    def save_model(self, request: HttpRequest, obj: EmergencyLine, form: Any, change: bool) -> None:
        key = form.cleaned_data.get("notify_api_key") or None
        saved = configure_emergency_line(
            obj.area,
            by=request.user if request.user.is_authenticated else None,
            organisation=obj.organisation,
            phone_number=obj.phone_number,
            notify_api_key=key,
            notify_sms_template_id=obj.notify_sms_template_id,
            notify_email_template_id=obj.notify_email_template_id,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: EmergencyLine | None = None) -> bool:
        return False
