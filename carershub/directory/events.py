"""What happens in the service directory, named once (core.events). A code is never renamed: returns count by it."""

from carershub.core.events import EventChoices


class DirectoryEvent(EventChoices):
    SERVICE_CREATED = "directory.service_created", "Directory entry created"
    CHANGE_PROPOSED = "directory.change_proposed", "Change to a directory entry proposed"
    CHANGE_APPROVED = "directory.change_approved", "Change to a directory entry approved and published"
    CHANGE_REJECTED = "directory.change_rejected", "Change to a directory entry rejected"
    SERVICE_WITHDRAWN = "directory.service_withdrawn", "Directory entry withdrawn"
    SERVICE_ASSURED = "directory.service_assured", "Directory entry checked (assured)"
    ASSURANCE_REMINDED = "directory.assurance_reminded", "Editors reminded to check a directory entry"
    SERVICE_IMPORTED = "directory.service_imported", "Directory entry imported from an Open Referral feed"
    SIGNPOSTED = "directory.signposted", "Carer signposted to a service"
    SIGNPOSTING_SENT = "directory.signposting_sent", "Service details sent to the carer"
