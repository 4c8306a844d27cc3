"""The panel: each member declares any conflict of interest before scoring an application, then scores it against
the round's weighted criteria. A member with a conflict can neither score nor decide that application."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.grants.events import GrantsEvent
from carershub.grants.models import Application, InterestDeclaration, PanelMember, Score
from carershub.grants.rules.scoring import MAXIMUM_SCORE, PanelScore, panel_score
from carershub.grants.services import GrantsInvalid


@dataclass(frozen=True)
class ApplicationScored:
    application: Application
    panel: PanelScore


def panel_seat(application: Application, user: User) -> PanelMember | None:
    return PanelMember.objects.filter(funding_round_id=application.funding_round_id, user=user).first()


def declaration_of(application: Application, user: User) -> InterestDeclaration | None:
    return InterestDeclaration.objects.filter(application=application, user=user).first()


def panel_score_of(application: Application) -> PanelScore:
    """Weighted totals of members without a conflict (a conflicted member's scores, if any, never count)."""
    weights = dict(application.funding_round.scoring_criteria.values_list("pk", "weight"))
    conflicted = set(
        InterestDeclaration.objects.filter(application=application, has_conflict=True).values_list("user_id", flat=True)
    )
    by_scorer: dict[int, dict[int, int]] = {}
    for scorer_id, criterion_id, value in application.scores.values_list("scorer_id", "criterion_id", "score"):
        if scorer_id not in conflicted:
            by_scorer.setdefault(scorer_id, {})[criterion_id] = value
    return panel_score(by_scorer, weights)


@transaction.atomic
def declare_interest(application: Application, *, by: User, has_conflict: bool, note: str = "") -> InterestDeclaration:
    """Record a panel member's declaration. It stands: a conflict once declared is not withdrawn."""
    if panel_seat(application, by) is None:
        raise GrantsInvalid({"": "Only members of this round's panel declare interests"})
    if declaration_of(application, by) is not None:
        raise GrantsInvalid({"": "You have already declared your interest in this application"})
    if has_conflict and not note.strip():
        raise GrantsInvalid({"note": "Say what the conflict is"})
    declaration = InterestDeclaration.objects.create(
        application=application, user=by, has_conflict=has_conflict, note=note.strip(), created_by=by, updated_by=by
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=application,
        area=application.area,
        purpose="community fund panel",
        event=GrantsEvent.INTEREST_DECLARED,
        detail={"has_conflict": has_conflict},
    )
    return declaration


@transaction.atomic
def score_application(
    application: Application, *, by: User, scores: Mapping[int, int], comment: str = ""
) -> ApplicationScored:
    """Score every criterion (0 to 5). A member may change their scores until the application is decided."""
    application = Application.objects.select_for_update().select_related("funding_round").get(pk=application.pk)
    declaration = declaration_of(application, by)
    errors: dict[str, str] = {}
    if panel_seat(application, by) is None:
        errors[""] = "Only members of this round's panel score applications"
    elif declaration is None:
        errors[""] = "Declare any conflict of interest before scoring"
    elif declaration.has_conflict:
        errors[""] = "You declared a conflict of interest, so you cannot score this application"
    elif application.status != Application.Status.ELIGIBLE:
        errors[""] = "Only eligible applications waiting for a decision are scored"
    criteria = {criterion.pk: criterion for criterion in application.funding_round.scoring_criteria.all()}
    if not errors and (set(scores) != set(criteria) or any(not 0 <= s <= MAXIMUM_SCORE for s in scores.values())):
        errors[""] = f"Score every criterion from 0 to {MAXIMUM_SCORE}"
    if errors:
        raise GrantsInvalid(errors)
    for criterion_id, value in scores.items():
        Score.objects.update_or_create(
            application=application,
            scorer=by,
            criterion=criteria[criterion_id],
            defaults={"score": value, "comment": comment.strip()[:500], "updated_by": by},
            create_defaults={"score": value, "comment": comment.strip()[:500], "created_by": by, "updated_by": by},
        )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=application,
        area=application.area,
        purpose="community fund panel",
        event=GrantsEvent.APPLICATION_SCORED,
        detail={"scores": {str(k): v for k, v in sorted(scores.items())}},
    )
    return ApplicationScored(application=application, panel=panel_score_of(application))
