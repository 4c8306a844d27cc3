"""The public service directory: services for carers, who runs them, where and when they meet, and how to get
them, shaped after Open Referral UK 3.0 (HSDS-UK-3.0) so the same rows publish as the standard's API.

Identifiers are UUIDs because the standard requires them and because a directory is shared: other sites keep our
ids, so they never change. Enumerations the standard fixes (service status, location type, schedule frequency)
are choices in code; code lists a council may differ on (needs, audiences, conditions) are taxonomy terms.
"""

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, BaseModel, ReferenceData


class Taxonomy(models.Model):
    """A published classification (ours, the LGA's, or one brought in by an import) whose terms have stable ids."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(ReferenceData):
    """One term: what a service offers ("breaks"), who it is for ("young carers"), or the cared-for person's
    condition. Reference data: ordered, switched off with `disabled_on`, never deleted, because other sites keep
    its id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    # A readable stable key, e.g. "need:breaks"; the URL of the public search uses it.
    code = models.SlugField(max_length=80, unique=True)
    description = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    term_uri = models.URLField(blank=True)

    class Meta(ReferenceData.Meta):
        pass


class DirectoryOrganisation(BaseModel):
    """An organisation that runs services in the directory. Local providers are linked to their `Organisation`
    (whose directory editors maintain its entries); organisations brought in by an import stand alone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="directory_entry"
    )
    name = models.CharField(max_length=200)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    imported_from = models.URLField(blank=True, help_text="The Open Referral feed this organisation came from.")

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(BaseModel):
    """A service, group or course carers can use. Only published services are shown to the public and the API."""

    class Status(models.TextChoices):
        # Open Referral UK's own list (service.json `status`).
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    class Publication(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Access(models.TextChoices):
        SELF_REFERRAL = "self_referral", "Contact the service yourself"
        PRACTITIONER = "practitioner", "Ask a practitioner to refer you"
        REFERRAL_PATHWAY = "referral_pathway", "Ask for support through the carers' referral form"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The council area whose directory lists the service; the council checks its entries before publication.
    area = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(DirectoryOrganisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField()
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    publication = models.CharField(max_length=10, choices=Publication.choices, default=Publication.DRAFT)
    alert = models.CharField(max_length=300, blank=True, help_text="A short notice shown above everything else.")
    # Who it is for: the age range, in years, with the audience and conditions as taxonomy terms.
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    eligibility_description = models.TextField(blank=True)
    # Cost: money is Decimal end to end.
    is_free = models.BooleanField(default=True)
    fees_description = models.CharField(max_length=300, blank=True)
    cost_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    # How to get it.
    access = models.CharField(max_length=20, choices=Access.choices, default=Access.SELF_REFERRAL)
    access_description = models.TextField(blank=True)
    taxonomy_terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    # Keeping it true: when someone last checked the entry, and when its editors were last reminded.
    assured_on = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    assurance_reminded_on = models.DateField(null=True, blank=True)
    # When the published content last changed (ORUK `last_modified`, `modified_after`, Last-Modified).
    content_modified_at = models.DateTimeField()
    # Optimistic locking: each change names the version it started from; an older one is refused.
    version = models.PositiveIntegerField(default=0)
    # Entries brought in by `import_openreferral`: the feed, the feed's id, and a digest of what was imported,
    # so a later import can tell a local edit from an untouched entry.
    imported_from = models.URLField(blank=True)
    external_id = models.UUIDField(null=True, blank=True)
    imported_digest = models.CharField(max_length=64, blank=True)
    # A provider's own support group (issue 14), listed from its record by `services/support_listings.py`.
    support_group = models.OneToOneField(
        "support.SupportGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="directory_listing"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        permissions = (
            ("edit_own_entries", "Can propose changes to its organisation's directory entries"),
            ("approve_entries", "Can check and publish directory entries in the council's area"),
        )
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="directory_service_age_range_in_order",
            ),
            models.UniqueConstraint(
                fields=["imported_from", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="directory_one_service_per_feed_id",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # The public search and the API list published services by name (in an area, or all of them).
            models.Index(fields=["publication", "name", "id"], name="directory_published_idx"),
            models.Index(fields=["area", "publication", "name"], name="directory_area_published_idx"),
            models.Index(fields=["content_modified_at"], name="directory_modified_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("find_support:service", args=[self.pk])

    def is_published(self) -> bool:
        return self.publication == self.Publication.PUBLISHED

    def cost_text(self) -> str:
        return cost_text(is_free=self.is_free, amount=self.cost_amount, fees_description=self.fees_description)

    def age_range_text(self) -> str:
        return age_range_text(self.minimum_age, self.maximum_age)


def cost_text(*, is_free: bool, amount: Decimal | None, fees_description: str) -> str:
    """What a service costs, in words ("Free", "£3.50: includes lunch")."""
    if is_free:
        return "Free"
    if amount is not None and fees_description:
        return f"£{amount:.2f}: {fees_description}"
    if amount is not None:
        return f"£{amount:.2f}"
    return fees_description or "There is a charge: ask the service"


def age_range_text(minimum: int | None, maximum: int | None) -> str:
    """Who a service is for by age ("8 to 17", "18 and over", "Up to 11"); "" when it has no age limits."""
    if minimum is not None and maximum is not None:
        return f"{minimum} to {maximum}"
    if minimum is not None:
        return f"{minimum} and over"
    if maximum is not None:
        return f"Up to {maximum}"
    return ""


class ServiceChange(BaseModel):
    """A change to an entry, kept for ever as its history. A provider's change waits for the council's check;
    the council's own changes, and imports, are published (or drafted) at once and recorded as decided."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the council's check"
        APPROVED = "approved", "Approved and published"
        REJECTED = "rejected", "Not approved"
        SUPERSEDED = "superseded", "Replaced by a later change"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="changes")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    # The fields as proposed (see services.editing.EDITABLE_FIELDS), and as they were before.
    proposed = models.JSONField()
    previous = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["service"], condition=models.Q(status="pending"), name="directory_one_pending_change"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.get_status_display()})"


class Location(BaseModel):
    """Where a service happens: a building with an address (and coordinates when known), or online."""

    class LocationType(models.TextChoices):
        PHYSICAL = "physical", "In person"
        VIRTUAL = "virtual", "Online or by phone"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(DirectoryOrganisation, on_delete=models.PROTECT, related_name="locations")
    location_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    address_1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField("county", max_length=100, blank=True)
    postal_code = models.CharField(max_length=8, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    accessibility = models.TextField(blank=True, help_text="Step-free access, hearing loop, toilets, parking …")
    accessibility_url = models.URLField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        indexes: ClassVar[list[models.Index]] = [
            # Finding places near a postcode: a latitude band first.
            models.Index(fields=["latitude", "longitude"], name="directory_location_point_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def has_address(self) -> bool:
        return bool(self.address_1 and self.postal_code)

    def address_lines(self) -> list[str]:
        return [part for part in (self.address_1, self.city, self.postal_code) if part]


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="service_at_locations")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["service", "location"], name="directory_service_once_per_location")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"


class Schedule(models.Model):
    """When a service meets, as an iCalendar (RFC 5545) recurrence rule: FREQ, INTERVAL, BYDAY ("TU", or "2TU"
    for the second Tuesday of the month), BYMONTHDAY, with its opening and closing times."""

    class Frequency(models.TextChoices):
        # Open Referral UK allows these two (schedule.json `freq`).
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    class Attending(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        PHONE = "phone", "By phone"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    freq = models.CharField(max_length=7, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(default=1)
    byday = models.CharField(max_length=40, blank=True, help_text='e.g. "TU", "MO,WE" or "2TU"')
    bymonthday = models.CharField(max_length=20, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    attending_type = models.CharField(max_length=10, choices=Attending.choices, default=Attending.IN_PERSON)
    description = models.CharField(max_length=300, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday}"


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    phone_id = models.UUIDField(default=uuid.uuid4, editable=False)
    phone_description = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name or self.phone or self.email


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100)
    # ISO 639 code, e.g. "en", "cy", "pl".
    code = models.CharField(max_length=8, blank=True)

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    """The places a service covers (a council area, a town, a ward)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=200)
    uri = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """A postcode's centroid, from the ONS Postcode Directory (`manage.py load_onspd`) or the demo's table. Public
    reference data: finding services near a postcode or a postcode district (its outward code)."""

    postcode = models.CharField(max_length=8, primary_key=True, help_text='Normalised: "MV1 2AB"')
    district = models.CharField(max_length=4, db_index=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    def __str__(self) -> str:
        return self.postcode


class Signposting(AreaScopedModel):
    """A practitioner pointed a carer to a service (the information-and-advice measure), and perhaps sent them
    its details."""

    class SentBy(models.TextChoices):
        NOT_SENT = "", "Not sent"
        EMAIL = "email", "Email"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="signpostings")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="signpostings")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    signposted_at = models.DateTimeField()
    note = models.TextField(blank=True)
    sent_by = models.CharField(max_length=10, choices=SentBy.choices, blank=True, default=SentBy.NOT_SENT)
    sent_to = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-signposted_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["person", "-signposted_at"], name="directory_signposting_idx"),
        ]

    def __str__(self) -> str:
        return f"Signposted to {self.service_id}"
