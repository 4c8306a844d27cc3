"""Carers, the people they care for, how they are related, what they agreed to, and who works with them."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from carershub.core.models import AreaScopedModel, ReferenceData

# Shown wherever a person registered from an NHS number alone (Person.needs_details_confirmed) would be named.
NAME_NOT_KNOWN = "Name not known"


def full_name_columns(through: str) -> tuple[str, ...]:
    """The columns Person.full_name reads, through the foreign key path `through`, in full_name_from's order: for a
    list's `.only()`, or its `.values_list()` when it builds no Person."""
    return tuple(f"{through}__{name}" for name in ("given_name", "preferred_name", "family_name"))


def full_name_from(given_name: str, preferred_name: str, family_name: str) -> str:
    """The name a person is shown by: the name they prefer, else their given name, then their family name."""
    return f"{preferred_name or given_name} {family_name}".strip() or NAME_NOT_KNOWN


class EthnicCategory(ReferenceData):
    """NHS Data Dictionary ETHNIC CATEGORY (2001 census based), loaded by a data migration."""

    code = models.CharField(max_length=2, unique=True)
    group = models.CharField(max_length=60)

    class Meta(ReferenceData.Meta):
        verbose_name_plural = "ethnic categories"


class ContactMethod(models.TextChoices):
    """How someone would rather be contacted."""

    PHONE = "phone", "Phone"
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"


class Person(AreaScopedModel):
    """Someone in the service: a carer, a cared-for person, or both. Categories are derived, never typed."""

    class DateOfBirthPrecision(models.TextChoices):
        DAY = "day", "Exact date"
        MONTH = "month", "Month and year only"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        NOT_STATED = "not_stated", "Prefers not to say"

    class Disability(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_STATED = "not_stated", "Prefers not to say"

    class EmploymentStatus(models.TextChoices):
        EMPLOYED_FULL_TIME = "employed_full_time", "Employed full time"
        EMPLOYED_PART_TIME = "employed_part_time", "Employed part time"
        SELF_EMPLOYED = "self_employed", "Self-employed"
        IN_EDUCATION = "in_education", "In education or training"
        NOT_WORKING = "not_working", "Not in paid work"
        RETIRED = "retired", "Retired"
        NOT_STATED = "not_stated", "Not known"

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    # With MONTH precision only the month and year are known, and the day is stored as the 1st.
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_precision = models.CharField(
        max_length=5, choices=DateOfBirthPrecision.choices, default=DateOfBirthPrecision.DAY
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    address_line_1 = models.CharField(max_length=100, blank=True)
    address_line_2 = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    preferred_language = models.CharField(max_length=60, blank=True, default="English")
    communication_needs = models.TextField(blank=True)
    needs_interpreter = models.BooleanField(default=False)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    ethnic_category = models.ForeignKey(EthnicCategory, null=True, blank=True, on_delete=models.PROTECT)
    disability = models.CharField(max_length=10, choices=Disability.choices, blank=True)
    employment_status = models.CharField(max_length=20, choices=EmploymentStatus.choices, blank=True)
    is_digitally_excluded = models.BooleanField(
        default=False, help_text="Cannot or does not use the internet, so every contact must be offline."
    )
    # How the person would rather be contacted (what they agreed to is in Consent, scope CONTACT).
    preferred_contact_method = models.CharField(max_length=10, choices=ContactMethod.choices, blank=True)
    gp_practice = models.ForeignKey(
        "organisations.GPPractice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A young carer's school: where the school's young carers' lead can be asked to help (Children and Families
    # Act 2014 s.96; the school census records young carers).
    school = models.ForeignKey(
        "organisations.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Goes up by one with every change of details: a save naming an older version is a stale edit and is refused, so
    # two people editing at once never overwrite each other silently.
    version = models.PositiveIntegerField(default=0)
    # Set when this record was merged into another (a duplicate). Merges are reversible, so nothing is deleted.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    merged_at = models.DateTimeField(null=True, blank=True)
    # Registered from a referral that named the person only by NHS number (FHIR). The national tracing service
    # (PDS) is not reachable from here, so name, date of birth and contact details wait for the provider to
    # confirm them with the carer or by tracing; the names are blank until then.
    needs_details_confirmed = models.BooleanField(
        default=False, help_text="NHS number only: details to be confirmed with the carer or by tracing."
    )

    class Meta:
        verbose_name_plural = "people"
        indexes: ClassVar[list[models.Index]] = [
            # Intake duplicate checks and staff search look people up within one area by each identifier. Search by
            # the start of a name also has PostgreSQL-only text_pattern_ops indexes (0003_person_name_prefix_indexes).
            models.Index(fields=["area", "nhs_number"], name="person_area_nhs_idx"),
            models.Index(Lower("family_name"), "area", name="person_area_family_idx"),
            models.Index(fields=["area", "date_of_birth"], name="person_area_dob_idx"),
            models.Index(fields=["area", "postcode"], name="person_area_postcode_idx"),
            models.Index(fields=["area", "phone"], name="person_area_phone_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return full_name_from(self.given_name, self.preferred_name, self.family_name)

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class CaringRelationship(AreaScopedModel):
    """One person caring for another. A person can care for several people and be cared for too."""

    class Relationship(models.TextChoices):
        PARENT = "parent", "Parent"
        CHILD = "child", "Son or daughter"
        SIBLING = "sibling", "Brother or sister"
        SPOUSE_OR_PARTNER = "spouse_or_partner", "Spouse or partner"
        GRANDPARENT = "grandparent", "Grandparent"
        GRANDCHILD = "grandchild", "Grandchild"
        OTHER_RELATIVE = "other_relative", "Other relative"
        FRIEND = "friend", "Friend"
        NEIGHBOUR = "neighbour", "Neighbour"
        OTHER = "other", "Other"

    class HoursBand(models.TextChoices):
        # The bands the census and the Survey of Adult Carers use.
        UP_TO_19 = "1_19", "1 to 19 hours a week"
        FROM_20_TO_49 = "20_49", "20 to 49 hours a week"
        FROM_50 = "50_plus", "50 or more hours a week"

    class CareTask(models.TextChoices):
        PERSONAL_CARE = "personal_care", "Personal care (washing, dressing, toileting)"
        MEDICATION = "medication", "Medication"
        EMOTIONAL_SUPPORT = "emotional_support", "Emotional support"
        SUPERVISION = "supervision", "Keeping them safe (supervision)"
        HOUSEHOLD = "household", "Cooking, cleaning and shopping"
        FINANCES = "finances", "Money and paperwork"
        APPOINTMENTS = "appointments", "Getting to appointments"
        COMMUNICATION = "communication", "Communicating or translating"
        SIBLING_CARE = "sibling_care", "Looking after brothers or sisters"

    class Condition(models.TextChoices):
        DEMENTIA = "dementia", "Dementia"
        MENTAL_HEALTH = "mental_health", "Mental health condition"
        LEARNING_DISABILITY = "learning_disability", "Learning disability"
        AUTISM = "autism", "Autism"
        PHYSICAL_DISABILITY = "physical_disability", "Physical disability"
        LONG_TERM_ILLNESS = "long_term_illness", "Long-term illness"
        TERMINAL_ILLNESS = "terminal_illness", "Terminal illness"
        SENSORY_IMPAIRMENT = "sensory_impairment", "Sight or hearing loss"
        SUBSTANCE_MISUSE = "substance_misuse", "Drug or alcohol misuse"
        FRAILTY = "frailty", "Frailty or old age"

    carer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="caring_for")
    cared_for = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cared_for_by")
    relationship = models.CharField(
        max_length=20, choices=Relationship.choices, help_text="What the cared-for person is to the carer."
    )
    # Parental responsibility for a disabled child makes the carer a parent carer (Children Act 1989 s.17ZD).
    has_parental_responsibility = models.BooleanField(default=False)
    # A relative or friend raising a child whose parents cannot (kinship care).
    is_kinship_care = models.BooleanField(default=False)
    care_tasks = models.JSONField(default=list, blank=True)
    conditions = models.JSONField(default=list, blank=True)
    hours_band = models.CharField(max_length=8, choices=HoursBand.choices, blank=True)
    lives_together = models.BooleanField(null=True, blank=True)
    caring_since = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    def cared_for_is_disabled(self) -> bool:
        """Whether the person cared for is taken as disabled (Children Act 1989 s.17ZD: a parent carer cares for a
        disabled child): a condition recorded on the caring, or the person's own record saying they are disabled.
        The assessment route and the carer categories both ask this, so they agree on who is a parent carer."""
        return bool(self.conditions) or self.cared_for.disability == Person.Disability.YES

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(carer=models.F("cared_for")), name="nobody_cares_for_themselves"
            ),
            models.UniqueConstraint(
                fields=["carer", "cared_for"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_relationship",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carer} cares for {self.cared_for}"


class Consent(AreaScopedModel):
    """Something a person agreed to: to be registered, to have their information shared with someone, or to be
    contacted in a certain way. Withdrawn consent is kept, with when and by whom it was withdrawn."""

    class Scope(models.TextChoices):
        REGISTRATION = "registration", "To be registered with the service"
        SHARE = "share", "To share their information"
        CONTACT = "contact", "To be contacted"

    class GivenBy(models.TextChoices):
        SELF = "self", "The person themselves"
        PARENT_OR_GUARDIAN = "parent_or_guardian", "A parent or guardian on their behalf"
        # A child under 16 judged competent to decide for themselves (Gillick competence).
        COMPETENCE_JUDGEMENT = "competence_judgement", "The young person, judged competent to decide"
        # A child under 16 who agreed alone and whom nobody has yet judged competent: not yet consent to act on
        # (selectors.has_consent_to_share ignores it). The provider records the judgement when it accepts.
        PENDING_COMPETENCE_JUDGEMENT = (
            "pending_competence",
            "The young person, waiting for a judgement of whether they can decide",
        )
        REPRESENTATIVE = "representative", "A legal representative"

    class CompetenceOutcome(models.TextChoices):
        COMPETENT = "competent", "Judged competent to decide"
        NOT_COMPETENT = "not_competent", "Judged not yet able to decide alone"

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone"
        SMS = "sms", "Text message"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"

    class HowGiven(models.TextChoices):
        # How the agreement reached us: a consent nobody can say how it was given is not recorded at all.
        ONLINE_FORM = "online_form", "On the service's online form, by the person agreeing"
        STATED_BY_REFERRER = "stated_by_referrer", "Stated by the referrer, who asked them"
        IN_PERSON = "in_person", "In person, to a member of staff"
        PHONE = "phone", "By phone, to a member of staff"
        IN_WRITING = "in_writing", "In writing (letter or email)"

    class RecipientKind(models.TextChoices):
        GP_PRACTICE = "gp_practice", "Their GP practice"
        SCHOOL = "school", "Their school"
        COUNCIL = "council", "The council"
        PROVIDER = "provider", "Carers' support providers"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    # For SHARE: either one named organisation, or every organisation of a kind (e.g. carers' support providers).
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    given_by = models.CharField(max_length=25, choices=GivenBy.choices)
    given_by_name = models.CharField(max_length=150, blank=True)
    # Who the person agreeing on someone's behalf is to them, e.g. "Mother", "Foster carer".
    given_by_relationship = models.CharField(max_length=100, blank=True)
    given_at = models.DateTimeField()
    how_given = models.CharField(max_length=20, choices=HowGiven.choices, blank=True)
    # The judgement of an under-16's competence to consent alone (Gillick): who made it, when, and what it was.
    competence_judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    competence_judged_at = models.DateTimeField(null=True, blank=True)
    competence_outcome = models.CharField(max_length=15, choices=CompetenceOutcome.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(scope="share")
                | models.Q(organisation__isnull=False, recipient_kind="")
                | models.Q(organisation__isnull=True) & ~models.Q(recipient_kind=""),
                name="share_consent_names_one_recipient",
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="contact") | ~models.Q(channel=""), name="contact_consent_names_a_channel"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["person", "scope"], name="consent_person_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.person})"

    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Involvement(AreaScopedModel):
    """An organisation working with a person. It is what lets that organisation's staff see the person's record
    (DESIGN.md, Access): a referral routed to it, a case it opened, or an allocation."""

    class Reason(models.TextChoices):
        REFERRAL_RECEIVED = "referral_received", "Referral received"
        CASE_OPEN = "case_open", "Case open"
        REFERRER = "referrer", "Made a referral"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="involvements")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # Set on an involvement the surviving record took over from a duplicate when they were merged; unmerging the
    # duplicate ends it again. Carrying it over keeps "who may see this person" a single indexed lookup.
    carried_over_from = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            # Visibility checks read "open involvements of my organisation" for every record and list.
            models.Index(
                fields=["organisation", "person"],
                condition=models.Q(ended_at__isnull=True),
                name="involvement_open_idx",
            ),
            # Commissioning KPIs count a provider's cases opened or open in a period (carers supported).
            models.Index(
                fields=["organisation", "area", "started_at"],
                condition=models.Q(reason="case_open"),
                name="involvement_case_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_reason_display()}) with {self.person}"


class TimelineEntry(AreaScopedModel):
    """One thing that happened in a person's story, in words for practitioners. Services in every app add them.

    The audit log says who did or saw what, for governance; the timeline says what happened, for practice.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="timeline")
    occurred_at = models.DateTimeField()
    # An event code (core.events), e.g. "referrals.accepted"; the statutory returns count entries by it.
    kind = models.CharField(max_length=80)
    summary = models.CharField(max_length=300)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    link = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-occurred_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["person", "-occurred_at"], name="timeline_person_idx"),
        ]

    def __str__(self) -> str:
        return self.summary
