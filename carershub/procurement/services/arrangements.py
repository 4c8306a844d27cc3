"""Running an arrangement: authorities joining and leaving, categories, extension decisions, admission windows,
notices and the lead authority's quality questionnaire."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.models import (
    AdmissionWindow,
    ArrangementParticipant,
    Category,
    ExtensionDecision,
    Notice,
    PurchasingArrangement,
    Question,
)


class ArrangementChangeRefused(Exception):
    """The change does not fit the arrangement; the message says why."""


def _audit(arrangement: PurchasingArrangement, event: ProcurementEvent, *, by: User | None, **detail: object) -> None:
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=arrangement,
        purpose="Running a purchasing arrangement",
        event=event,
        detail=detail,
    )


@transaction.atomic
def create_arrangement(
    *,
    reference: str,
    title: str,
    regime: str,
    lead_authority: Organisation,
    start_date: date,
    initial_term_years: int,
    extension_years: list[int],
    admission: str,
    window_interval_months: int | None,
    by: User | None,
    description: str = "",
) -> PurchasingArrangement:
    """Set up an arrangement with its lead authority as its first participant."""
    arrangement = PurchasingArrangement.objects.create(
        reference=reference,
        title=title,
        description=description,
        regime=regime,
        lead_authority=lead_authority,
        start_date=start_date,
        initial_term_years=initial_term_years,
        extension_years=extension_years,
        admission=admission,
        window_interval_months=window_interval_months,
        status=PurchasingArrangement.Status.LIVE,
        ocid=f"ocds-carershub-{reference}",
        created_by=by,
        updated_by=by,
    )
    ArrangementParticipant.objects.create(
        arrangement=arrangement,
        organisation=lead_authority,
        kind=ArrangementParticipant.Kind.LEAD,
        joined_on=start_date,
        created_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=arrangement,
        purpose="Running a purchasing arrangement",
        event=ProcurementEvent.PARTICIPANT_JOINED,
        detail={"organisation": lead_authority.pk},
    )
    return arrangement


@transaction.atomic
def join_arrangement(
    arrangement: PurchasingArrangement, *, organisation: Organisation, kind: str, joined_on: date, by: User | None
) -> ArrangementParticipant:
    """A council joins, or a health partner opts in. An organisation already in it is refused."""
    PurchasingArrangement.objects.select_for_update().only("pk").get(pk=arrangement.pk)
    if arrangement.participants.filter(organisation=organisation, left_on__isnull=True).exists():
        raise ArrangementChangeRefused(f"{organisation} is already in this arrangement")
    if kind == ArrangementParticipant.Kind.LEAD:
        raise ArrangementChangeRefused("An arrangement has one lead authority, named when it is set up")
    participant = ArrangementParticipant.objects.create(
        arrangement=arrangement, organisation=organisation, kind=kind, joined_on=joined_on, created_by=by
    )
    _audit(arrangement, ProcurementEvent.PARTICIPANT_JOINED, by=by, organisation=organisation.pk, kind=kind)
    return participant


@transaction.atomic
def leave_arrangement(participant: ArrangementParticipant, *, left_on: date, by: User | None) -> ArrangementParticipant:
    """An authority leaves; its history stays. The lead authority cannot leave its own arrangement."""
    participant = ArrangementParticipant.objects.select_for_update().get(pk=participant.pk)
    if participant.kind == ArrangementParticipant.Kind.LEAD:
        raise ArrangementChangeRefused("The lead authority cannot leave the arrangement it runs")
    if participant.left_on is not None:
        raise ArrangementChangeRefused("This authority has already left")
    if left_on < participant.joined_on:
        raise ArrangementChangeRefused("An authority cannot leave before it joined")
    participant.left_on = left_on
    participant.updated_by = by
    participant.save(update_fields=["left_on", "updated_by", "updated_at"])
    _audit(participant.arrangement, ProcurementEvent.PARTICIPANT_LEFT, by=by, organisation=participant.organisation_id)
    return participant


@transaction.atomic
def add_category(
    arrangement: PurchasingArrangement, *, name: str, areas: Iterable[Area], order: int = 0, by: User | None
) -> Category:
    category = Category.objects.create(arrangement=arrangement, name=name, order=order, created_by=by)
    category.areas.set(list(areas))
    _audit(arrangement, ProcurementEvent.CATEGORY_ADDED, by=by, category=name)
    return category


@transaction.atomic
def decide_extension(
    arrangement: PurchasingArrangement,
    *,
    option_number: int,
    is_taken: bool,
    decided_on: date,
    agreed_by: Iterable[Organisation],
    decision_maker: str,
    by: User | None,
    note: str = "",
) -> ExtensionDecision:
    """Record the joint decision on one extension option (2+1+1: options 1 and 2), taken in order."""
    PurchasingArrangement.objects.select_for_update().only("pk").get(pk=arrangement.pk)
    options = list(arrangement.extension_years)
    if not 1 <= option_number <= len(options):
        raise ArrangementChangeRefused(f"This arrangement has {len(options)} extension options")
    earlier = set(arrangement.extensions.values_list("option_number", "is_taken"))
    if option_number > 1 and (option_number - 1, True) not in earlier:
        raise ArrangementChangeRefused("Option decisions follow in order: the previous option was not taken")
    if arrangement.extensions.filter(option_number=option_number).exists():
        raise ArrangementChangeRefused("This option has already been decided")
    agreeing = list(agreed_by)
    current = set(arrangement.participants.filter(left_on__isnull=True).values_list("organisation_id", flat=True))
    if not agreeing or not {organisation.pk for organisation in agreeing} <= current:
        raise ArrangementChangeRefused("Name the participating authorities that agreed the decision")
    decision = ExtensionDecision.objects.create(
        arrangement=arrangement,
        option_number=option_number,
        is_taken=is_taken,
        decided_on=decided_on,
        decision_maker=decision_maker,
        note=note,
        created_by=by,
    )
    decision.agreed_by.set(agreeing)
    _audit(arrangement, ProcurementEvent.EXTENSION_DECIDED, by=by, option=option_number, taken=is_taken)
    return decision


@transaction.atomic
def set_admission_window(
    arrangement: PurchasingArrangement,
    *,
    opens_on: date,
    closes_on: date | None,
    assessment_date: date,
    by: User | None,
) -> AdmissionWindow:
    """A fixed window has a close date; a PA 2023 dynamic market accepts applications at any time (s.36), so its
    window never closes and only the assessment date is set."""
    continuous = arrangement.admission == PurchasingArrangement.Admission.CONTINUOUS
    if continuous and closes_on is not None:
        raise ArrangementChangeRefused("Applications are accepted at any time: a continuous window does not close")
    if not continuous and closes_on is None:
        raise ArrangementChangeRefused("Enter the date the admission window closes")
    if closes_on is not None and closes_on < opens_on:
        raise ArrangementChangeRefused("The window must close after it opens")
    window = AdmissionWindow.objects.create(
        arrangement=arrangement,
        opens_on=opens_on,
        closes_on=closes_on,
        assessment_date=assessment_date,
        created_by=by,
    )
    _audit(arrangement, ProcurementEvent.WINDOW_OPENED, by=by, opens_on=opens_on.isoformat())
    return window


@transaction.atomic
def record_notice(
    arrangement: PurchasingArrangement, *, kind: str, reference: str, published_on: date, by: User | None, url: str = ""
) -> Notice:
    notice = Notice.objects.create(
        arrangement=arrangement, kind=kind, reference=reference, published_on=published_on, url=url, created_by=by
    )
    _audit(arrangement, ProcurementEvent.NOTICE_RECORDED, by=by, kind=kind, reference=reference)
    return notice


@transaction.atomic
def add_question(
    arrangement: PurchasingArrangement,
    *,
    kind: str,
    text: str,
    by: User | None,
    weight: int = 0,
    max_mark: int = 0,
    minimum_mark: int = 0,
    guidance: str = "",
) -> Question:
    """Add a question to the quality questionnaire. Never a price: entry is on quality alone (the seed, 3.1)."""
    if kind == Question.Kind.SCORED and not (max_mark >= 1 and 0 <= minimum_mark <= max_mark and weight >= 1):
        raise ArrangementChangeRefused("A scored question needs a weight, a maximum mark and a minimum mark")
    order = arrangement.questions.count() + 1
    question = Question.objects.create(
        arrangement=arrangement,
        order=order,
        kind=kind,
        text=text,
        guidance=guidance,
        weight=weight if kind == Question.Kind.SCORED else 0,
        max_mark=max_mark if kind == Question.Kind.SCORED else 0,
        minimum_mark=minimum_mark if kind == Question.Kind.SCORED else 0,
        created_by=by,
    )
    _audit(arrangement, ProcurementEvent.QUESTION_ADDED, by=by, question=question.pk, kind=kind)
    return question
