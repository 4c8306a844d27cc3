"""Forms for the practitioner's side of a supported self-assessment. The carer's pages use the sections' own forms."""

from typing import Any

from django import forms


class CreateLinkForm(forms.Form):
    """Make a new link; optionally email it to the carer's address on record."""

    email_to_carer = forms.BooleanField(label="", required=False)

    def __init__(self, *args: Any, carer_email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if carer_email:
            self.fields["email_to_carer"].label = f"Also email the link to the carer at {carer_email}"
            self.fields["email_to_carer"].help_text = (
                "Only if the carer agreed to be contacted by email. Otherwise copy the link and send it the way they "
                "asked."
            )
        else:
            del self.fields["email_to_carer"]
