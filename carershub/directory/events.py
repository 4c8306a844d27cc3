"""What happens in the service directory, named once (the `event` of each audit record's detail)."""

from django.db import models


class Event(models.TextChoices):
    SERVICE_CREATED = "directory_service_created", "Directory entry created"
    CHANGE_PROPOSED = "directory_change_proposed", "Change to a directory entry proposed"
    CHANGE_APPROVED = "directory_change_approved", "Change to a directory entry approved and published"
    CHANGE_REJECTED = "directory_change_rejected", "Change to a directory entry rejected"
    SERVICE_WITHDRAWN = "directory_service_withdrawn", "Directory entry withdrawn"
    SERVICE_ASSURED = "directory_service_assured", "Directory entry checked (assured)"
    ASSURANCE_REMINDED = "directory_assurance_reminded", "Editors reminded to check a directory entry"
    SERVICE_IMPORTED = "directory_service_imported", "Directory entry imported from an Open Referral feed"
    SIGNPOSTED = "directory_signposted", "Carer signposted to a service"
    SIGNPOSTING_SENT = "directory_signposting_sent", "Service details sent to the carer"
