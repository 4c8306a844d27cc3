"""Supplier membership: registering a supplier, applying to a category (answers carried over from the last
application), independent evaluation by two or more assessors, moderation and the decision with reasons, then
suspension, reinstatement and removal. Price is never asked: entry is on quality alone."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import models, transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.models import (
    AdmissionWindow,
    Answer,
    Application,
    Category,
    Evaluation,
    Membership,
    Question,
    Supplier,
)
from carershub.procurement.rules.admission import AdmissionDecision, QuestionFacts, QuestionKind, decide_admission

# Evaluation is by two or more assessors before moderation (the seed: operational and strategic staff together).
FEWEST_ASSESSORS = 2


class MembershipChangeRefused(Exception):
    """The change does not fit the application or membership; the message says why."""


class StaleEdit(Exception):
    """Someone saved the application after it was opened for editing; reload and try again."""


@dataclass(frozen=True)
class ApplicationDecided:
    application: Application
    decision: AdmissionDecision
    membership: Membership | None


def _audit(
    subject: models.Model,
    event: ProcurementEvent,
    *,
    by: User | None,
    kind: AuditEvent.Kind | None = None,
    **detail: object,
) -> None:
    record_event(
        kind or AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=subject,
        purpose="Supplier membership of a purchasing arrangement",
        event=event,
        detail=detail,
    )


@transaction.atomic
def register_supplier(
    organisation: Organisation,
    *,
    is_sole_trader: bool,
    regulator: str,
    by: User | None,
    companies_house_number: str = "",
    regulator_reference: str = "",
) -> Supplier:
    """Register a provider organisation (a company, charity or sole trader) as a supplier."""
    if organisation.kind != Organisation.Kind.PROVIDER:
        raise MembershipChangeRefused("Only a provider organisation can be a supplier")
    supplier, _ = Supplier.objects.get_or_create(
        organisation=organisation,
        defaults={
            "is_sole_trader": is_sole_trader,
            "regulator": regulator,
            "companies_house_number": companies_house_number,
            "regulator_reference": regulator_reference,
            "created_by": by,
        },
    )
    _audit(supplier, ProcurementEvent.SUPPLIER_REGISTERED, by=by, kind=AuditEvent.Kind.RECORD_CREATED)
    return supplier


def current_window(category: Category, *, on: date) -> AdmissionWindow | None:
    return next((window for window in category.arrangement.windows.all() if window.is_open_on(on)), None)


@transaction.atomic
def start_application(supplier: Supplier, *, category: Category, by: User) -> Application:
    """Open an application in the current window, carrying over the answers of the supplier's latest earlier
    application to the same arrangement so they are not typed twice."""
    today = timezone.localdate()
    window = current_window(category, on=today)
    if window is None:
        raise MembershipChangeRefused("No admission window is open for this arrangement")
    if supplier.memberships.filter(category=category).exclude(status=Membership.Status.REMOVED).exists():
        raise MembershipChangeRefused("You are already a member of this category")
    existing = Application.objects.filter(supplier=supplier, category=category, window=window).first()
    if existing is not None:
        return existing
    application = Application.objects.create(
        supplier=supplier, category=category, window=window, created_by=by, updated_by=by
    )
    previous = (
        Application.objects.filter(supplier=supplier, category__arrangement=category.arrangement_id)
        .exclude(pk=application.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is not None:
        Answer.objects.bulk_create(
            Answer(application=application, question_id=answer.question_id, text=answer.text, is_yes=answer.is_yes)
            for answer in previous.answers.all()
        )
        application.regulator_rating = previous.regulator_rating
        application.regulator_rating_date = previous.regulator_rating_date
        application.save(update_fields=["regulator_rating", "regulator_rating_date", "updated_at"])
    _audit(
        application,
        ProcurementEvent.APPLICATION_STARTED,
        by=by,
        kind=AuditEvent.Kind.RECORD_CREATED,
        reused_from=previous.pk if previous else None,
    )
    return application


@transaction.atomic
def save_answers(
    application: Application,
    *,
    answers: Mapping[int, tuple[str, bool | None]],
    regulator_rating: str,
    regulator_rating_date: date | None,
    expected_version: int,
    by: User,
) -> Application:
    """Save a draft application's answers (question id -> (text, yes/no)) and the regulator's rating."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable():
        raise MembershipChangeRefused("This application has been submitted and can no longer be changed")
    if application.version != expected_version:
        raise StaleEdit(application)
    question_ids = set(application.category.arrangement.questions.values_list("pk", flat=True))
    for question_id, (text, is_yes) in answers.items():
        if question_id not in question_ids:
            raise MembershipChangeRefused("That question is not in this questionnaire")
        Answer.objects.update_or_create(
            application=application, question_id=question_id, defaults={"text": text, "is_yes": is_yes}
        )
    application.regulator_rating = regulator_rating
    application.regulator_rating_date = regulator_rating_date
    application.version += 1
    application.updated_by = by
    application.save(update_fields=["regulator_rating", "regulator_rating_date", "version", "updated_by", "updated_at"])
    _audit(application, ProcurementEvent.APPLICATION_ANSWERED, by=by)
    return application


def missing_answers(application: Application) -> list[Question]:
    """Questions still to answer: a yes or no for declarations and requirements, text for scored questions."""
    answers = {answer.question_id: answer for answer in application.answers.all()}
    missing = []
    for question in application.category.arrangement.questions.all():
        answer = answers.get(question.pk)
        is_answered = answer is not None and (
            bool(answer.text.strip()) if question.is_scored() else answer.is_yes is not None
        )
        if not is_answered:
            missing.append(question)
    return missing


@transaction.atomic
def submit_application(application: Application, *, by: User) -> Application:
    """Submit a complete application for evaluation. A fixed window must still be open."""
    application = Application.objects.select_for_update().select_related("window").get(pk=application.pk)
    if not application.is_editable():
        raise MembershipChangeRefused("This application has already been submitted")
    if not application.window.is_open_on(timezone.localdate()):
        raise MembershipChangeRefused("The admission window has closed")
    if missing_answers(application) or not application.regulator_rating:
        raise MembershipChangeRefused("Answer every question and give the regulator's rating before submitting")
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.version += 1
    application.updated_by = by
    application.save(update_fields=["status", "submitted_at", "version", "updated_by", "updated_at"])
    _audit(application, ProcurementEvent.APPLICATION_SUBMITTED, by=by)
    return application


@transaction.atomic
def record_evaluation(
    application: Application,
    *,
    marks: Mapping[int, int],
    passes: Mapping[int, bool],
    rating_checked_on: date | None,
    by: User,
    note: str = "",
) -> Evaluation:
    """One assessor's independent marks. Each assessor evaluates once; marks stay within each question's range."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.SUBMITTED:
        raise MembershipChangeRefused("Only a submitted application waiting for a decision can be evaluated")
    questions = {question.pk: question for question in application.category.arrangement.questions.all()}
    for question_id, mark in marks.items():
        question = questions.get(question_id)
        if question is None or not question.is_scored() or not 0 <= mark <= question.max_mark:
            raise MembershipChangeRefused("Each mark must be from 0 to the question's maximum")
    evaluation, created = Evaluation.objects.update_or_create(
        application=application,
        assessor=by,
        defaults={
            "marks": {str(key): value for key, value in marks.items()},
            "passes": {str(key): value for key, value in passes.items()},
            "note": note,
            "created_by": by,
        },
    )
    if rating_checked_on is not None:
        application.rating_checked_on = rating_checked_on
        application.save(update_fields=["rating_checked_on", "updated_at"])
    _audit(application, ProcurementEvent.APPLICATION_EVALUATED, by=by, assessor=by.pk, was_new=created)
    return evaluation


def question_facts(application: Application) -> list[QuestionFacts]:
    return [
        QuestionFacts(
            id=question.pk,
            kind=QuestionKind(question.kind),
            text=question.text,
            weight=question.weight,
            max_mark=question.max_mark,
            minimum_mark=question.minimum_mark,
        )
        for question in application.category.arrangement.questions.all()
    ]


@transaction.atomic
def moderate_application(
    application: Application,
    *,
    marks: Mapping[int, int],
    passes: Mapping[int, bool],
    discretionary_grounds_set_aside: frozenset[int] = frozenset(),
    by: User,
    note: str = "",
) -> ApplicationDecided:
    """Agree the marks after two or more independent evaluations, and admit or reject with the reasons the
    supplier sees. The moderator cannot be the supplier; the rule decides, never a price."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.SUBMITTED:
        raise MembershipChangeRefused("This application has already been decided")
    if application.evaluations.count() < FEWEST_ASSESSORS:
        raise MembershipChangeRefused(f"At least {FEWEST_ASSESSORS} assessors must evaluate before moderation")
    declarations = {answer.question_id: answer.is_yes for answer in application.answers.all()}
    decision = decide_admission(
        question_facts(application),
        declarations=declarations,
        passes=passes,
        marks=marks,
        discretionary_grounds_set_aside=discretionary_grounds_set_aside,
    )
    application.moderated_marks = {str(key): value for key, value in marks.items()}
    application.moderated_by = by
    application.decided_at = timezone.now()
    reasons = list(decision.reasons) + ([note] if note else [])
    application.decision_reasons = "\n".join(reasons) or "Every requirement met and every minimum mark reached."
    application.status = Application.Status.ADMITTED if decision.is_admitted else Application.Status.REJECTED
    application.version += 1
    application.save(
        update_fields=[
            "moderated_marks",
            "moderated_by",
            "decided_at",
            "decision_reasons",
            "status",
            "version",
            "updated_at",
        ]
    )
    membership = None
    if decision.is_admitted:
        membership = Membership.objects.create(
            supplier=application.supplier,
            category=application.category,
            application=application,
            admitted_on=timezone.localdate(),
            created_by=by,
        )
    _audit(
        application,
        ProcurementEvent.APPLICATION_DECIDED,
        by=by,
        admitted=decision.is_admitted,
        score=str(decision.weighted_score),
    )
    return ApplicationDecided(application, decision, membership)


def _change_membership(
    membership: Membership, *, to: str, reason: str, by: User, event: ProcurementEvent
) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not reason.strip():
        raise MembershipChangeRefused("Give the reason the supplier will see")
    if membership.status == Membership.Status.REMOVED:
        raise MembershipChangeRefused("This membership has been removed")
    membership.status = to
    membership.status_reason = reason.strip()
    membership.status_changed_on = timezone.localdate()
    membership.updated_by = by
    membership.save(update_fields=["status", "status_reason", "status_changed_on", "updated_by", "updated_at"])
    _audit(membership, event, by=by, status=to)
    return membership


@transaction.atomic
def suspend_membership(membership: Membership, *, reason: str, by: User) -> Membership:
    """Suspend a member: it gets no invitations and cannot bid until reinstated."""
    return _change_membership(
        membership, to=Membership.Status.SUSPENDED, reason=reason, by=by, event=ProcurementEvent.MEMBERSHIP_SUSPENDED
    )


@transaction.atomic
def reinstate_membership(membership: Membership, *, reason: str, by: User) -> Membership:
    return _change_membership(
        membership, to=Membership.Status.ADMITTED, reason=reason, by=by, event=ProcurementEvent.MEMBERSHIP_REINSTATED
    )


@transaction.atomic
def remove_membership(membership: Membership, *, reason: str, by: User) -> Membership:
    """Remove a member, e.g. an excluded supplier (Procurement Act 2023 s.37 for dynamic markets)."""
    return _change_membership(
        membership, to=Membership.Status.REMOVED, reason=reason, by=by, event=ProcurementEvent.MEMBERSHIP_REMOVED
    )
