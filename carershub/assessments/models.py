"""Statutory assessments of carers, their sections, the eligibility determination and what follows from them.

One `Assessment` row per assessment, whatever the statute: a carer's assessment (Care Act 2014 s.10), a young
carer's needs assessment (Children Act 1989 s.17ZA), a parent carer's needs assessment (s.17ZD) and the two
transition assessments (Care Act s.60 and s.63). What each must contain lives in `sections.py`; the answers live
in `AssessmentSection` rows, saved one section at a time and guarded against stale edits by a version number.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, BaseModel


class Delegation(BaseModel):
    """A council's authorisation for a provider to carry out its functions for carers (Care Act 2014 s.79).

    The council stays responsible for what the provider does; every statutory step records the delegation it was
    done under, so the council can show who did what on its behalf.
    """

    class Scope(models.TextChoices):
        ASSESSMENT = "assessment", "Carry out assessments; the council determines eligibility"
        ASSESSMENT_AND_DETERMINATION = "assessment_and_determination", "Carry out assessments and determine eligibility"

    area = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="+")
    council = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="delegations")
    reference = models.CharField(max_length=100, help_text="The council's decision or contract reference.")
    scope = models.CharField(max_length=30, choices=Scope.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="delegation_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.provider} for {self.council}"


class Assessment(AreaScopedModel):
    """One statutory assessment of a carer's needs for support, from request to signed-off determination."""

    class Kind(models.TextChoices):
        CARERS = "carers", "Carer's assessment"
        YOUNG_CARERS_NEEDS = "young_carers_needs", "Young carer's needs assessment"
        PARENT_CARERS_NEEDS = "parent_carers_needs", "Parent carer's needs assessment"
        YOUNG_CARER_TRANSITION = "young_carer_s63", "Young carer's transition assessment"
        CHILD_CARER_TRANSITION = "child_carer_s60", "Child's carer's transition assessment"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Waiting for sign-off"
        COMPLETED = "completed", "Completed"
        # The carer refused the assessment (Care Act s.11; s.60(3)); the duty revives if they ask later.
        REFUSED = "refused", "Refused by the carer"
        # A request for a transition assessment that the council declined, with written reasons (s.60(6), s.63(5)).
        REQUEST_DECLINED = "request_declined", "Request declined"

    class Method(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        PHONE = "phone", "By phone"
        VIDEO = "video", "By video call"
        # Care and Support (Assessment) Regulations 2014 reg 2: carried out jointly with the carer.
        SUPPORTED_SELF_ASSESSMENT = "supported_self_assessment", "Supported self-assessment"

    reference = models.CharField(max_length=12, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    method = models.CharField(max_length=30, choices=Method.choices, default=Method.FACE_TO_FACE)

    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    cared_for = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="assessments_as_cared_for"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    # The kind follows from ages and parental responsibility (rules.routes: Children Act 1989 s.17ZA and s.17ZD; Care
    # Act 2014 s.10, s.60 and s.63); a practitioner who chooses another kind says why.
    kind_override_reason = models.TextField(blank=True)

    # Who carries it out, and under which s.79 authorisation when that is not the council itself.
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    delegation = models.ForeignKey(Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # The waiting-time clock runs from the request (the referral's arrival, or the carer's own request).
    requested_on = models.DateField()
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)

    # The determination (Care Act s.13(1)); for young carers the decision under Children Act s.17ZC.
    eligible = models.BooleanField(null=True, blank=True)
    significant_impact = models.BooleanField(null=True, blank=True)
    significant_impact_reasons = models.TextField(blank=True)
    impacted_wellbeing_domains = models.JSONField(default=list, blank=True)
    determination_reasons = models.JSONField(default=list, blank=True)
    determined_at = models.DateTimeField(null=True, blank=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    determined_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The decision for the other kinds, as answered: Children Act s.17ZC(a)-(c) for a young carer, s.17ZF(a)-(d)
    # for a parent carer, and the indication of likely eligibility after 18 for a transition assessment
    # (Care Act s.61(5), s.64(5)).
    decision = models.JSONField(default=dict, blank=True)
    # Care Act s.13(5): when no needs are eligible, the advice and information given in writing.
    advice_and_information = models.TextField(blank=True)

    # A manager may send a submitted assessment back to its assessor with a note saying what to change.
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_note = models.TextField(blank=True)

    # A manager's sign-off; never by the person who wrote the assessment.
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Refusal by the carer (s.11), or a declined request for a transition assessment with its written reasons.
    closed_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Whole-family approach (Care and Support (Assessment) Regulations 2014 reg 4(3)): the young carer's referral
    # raised when this assessment found a child providing care.
    young_carer_referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["refused", "request_declined"]) | ~models.Q(closed_reason=""),
                name="assessment_closure_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed")
                | (models.Q(signed_off_at__isnull=False) & models.Q(completed_on__isnull=False)),
                name="completed_assessment_is_signed_off",
            ),
            models.CheckConstraint(
                condition=models.Q(signed_off_by__isnull=True) | ~models.Q(signed_off_by=models.F("assessor")),
                name="assessment_not_signed_off_by_its_assessor",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # A team's open assessments, oldest request first (the overdue list).
            models.Index(fields=["organisation", "status", "requested_on"], name="assessment_team_idx"),
            # Commissioning KPIs: a provider's assessments completed in a period, and their waits.
            models.Index(fields=["organisation", "status", "completed_on"], name="assessment_completed_idx"),
            models.Index(fields=["carer", "-started_at"], name="assessment_carer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", args=[self.reference])

    def is_open(self) -> bool:
        return self.status in {self.Status.IN_PROGRESS, self.Status.AWAITING_SIGN_OFF}


class AssessmentSection(AreaScopedModel):
    """The answers to one section of an assessment, saved as the practitioner (or the carer) goes.

    `version` goes up by one with every save; a save that names an older version is a stale edit and is refused,
    so two people editing the same section never silently overwrite each other.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    class AnsweredBy(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner"
        CARER = "carer", "The carer (self-assessment)"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=50)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    answers = models.JSONField(default=dict, blank=True)
    answered_by = models.CharField(max_length=20, choices=AnsweredBy.choices, default=AnsweredBy.PRACTITIONER)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["assessment", "key"], name="one_section_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment.reference} {self.key}"


class SafetyAlert(AreaScopedModel):
    """An answer that needs a practitioner's attention now, whatever the scores say.

    Raised when a young carer answers anything other than "never" to a PANOC-YC20 item the deployment configures as
    a safety item (e.g. feeling life is not worth living). Stays open until a practitioner records what they did.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="safety_alerts")
    questionnaire = models.CharField(max_length=20)
    item = models.PositiveSmallIntegerField()
    answer = models.PositiveSmallIntegerField()
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action_taken = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["assessment", "questionnaire", "item"],
                condition=models.Q(acknowledged_at__isnull=True),
                name="one_open_alert_per_item",
            ),
            models.CheckConstraint(
                condition=models.Q(acknowledged_at__isnull=True) | ~models.Q(action_taken=""),
                name="acknowledged_alert_says_what_was_done",
            ),
        ]

    def __str__(self) -> str:
        return f"Safety alert on {self.assessment.reference}, item {self.item}"


class SelfAssessmentInvitation(AreaScopedModel):
    """A secure link that lets a carer complete their own sections online, save and come back (Assessment Regs reg 2).

    Only a SHA-256 digest of the link's secret is stored. The link stops working when it expires, when the
    practitioner revokes it, or once the carer has sent their answers.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="self_assessment_invitations")
    token_digest = models.CharField(max_length=64, unique=True)
    sent_to_email = models.EmailField(blank=True)
    expires_at = models.DateTimeField()
    last_opened_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(revoked_at__isnull=True, submitted_at__isnull=True),
                name="one_live_invitation_per_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"Self-assessment link for {self.assessment.reference}"


class Review(AreaScopedModel):
    """A scheduled review of what an assessment found (Care Act s.27; statutory guidance ch.13: a light-touch review
    6 to 8 weeks after support starts, then at least every 12 months, and on a reasonable request)."""

    class Kind(models.TextChoices):
        LIGHT_TOUCH = "light_touch", "Light-touch review"
        ANNUAL = "annual", "Annual review"
        ON_REQUEST = "on_request", "Review on request"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    due_on = models.DateField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["assessment", "kind", "due_on"], name="one_review_per_assessment_kind_and_date"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "due_on"], name="review_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.assessment.reference} due {self.due_on}"


class TransitionPrompt(AreaScopedModel):
    """A decision the law asks for as a young carer grows up, raised ahead of time and closed with reasons.

    - Turning 18: whether to treat the young carer's assessment as a carer's assessment under s.10 (Care Act
      2014 s.64; Explanatory Notes para 394), considering when it was done and what has changed.
    - From 17 (configurable), a young carer caring for an adult: whether to carry out a transition assessment
      (s.63: likely needs after 18 and significant benefit are professional judgement, not an age trigger).
    """

    class Kind(models.TextChoices):
        TREAT_AS_CARERS_ASSESSMENT = "treat_as_carers_assessment", "Treat the assessment as a carer's assessment at 18?"
        CONSIDER_TRANSITION_ASSESSMENT = "consider_transition_assessment", "Consider a transition assessment"

    class Decision(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"

    kind = models.CharField(max_length=40, choices=Kind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="transition_prompts")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="transition_prompts"
    )
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    decision = models.CharField(max_length=5, choices=Decision.choices, blank=True)
    # The carer's assessment a "yes" to treating the transition assessment as one at 18 started (Care Act 2014
    # s.64): it goes on to the eligibility determination under reg 3.
    carers_assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="treated_from_prompts"
    )
    reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["kind", "person", "organisation"], name="one_prompt_per_kind_and_person"),
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True) | (~models.Q(decision="") & ~models.Q(reasons="")),
                name="decided_prompt_has_decision_and_reasons",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.person_id})"
