"""Supplier membership: applying with answers carried over, two assessors then moderation, reasons the supplier
sees, suspension and removal, and no price anywhere in admission."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import ProviderFactory
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.models import Answer, Application, Membership, Question, Supplier
from carershub.procurement.services.membership import (
    MembershipChangeRefused,
    StaleEdit,
    moderate_application,
    record_evaluation,
    register_supplier,
    remove_membership,
    save_answers,
    start_application,
    submit_application,
    suspend_membership,
)
from carershub.procurement.tests.conftest import Consortium, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(home_area: Area) -> tuple[Supplier, User]:
    organisation = ProviderFactory.create(name="Rowan Sole Trader", slug="rowan", areas=[home_area])
    user = staff(organisation, "rowan@test.example", Role.SUPPLIER)
    return register_supplier(organisation, is_sole_trader=True, regulator=Supplier.Regulator.OFSTED, by=user), user


def complete_answers(consortium: Consortium, *, fraud: bool = False) -> dict[int, tuple[str, bool | None]]:
    exclusion, requirement, safeguarding, workforce = consortium.questions
    return {
        exclusion.pk: ("", fraud),
        requirement.pk: ("We support young people to 25", True),
        safeguarding.pk: ("Our safeguarding lead trains every worker", None),
        workforce.pk: ("Two workers per package, DBS checked", None),
    }


def submitted(consortium: Consortium, newcomer: tuple[Supplier, User], *, fraud: bool = False) -> Application:
    supplier, user = newcomer
    application = start_application(supplier, category=consortium.category, by=user)
    application = save_answers(
        application,
        answers=complete_answers(consortium, fraud=fraud),
        regulator_rating=Application.Rating.GOOD,
        regulator_rating_date=timezone.localdate() - timedelta(days=90),
        expected_version=application.version,
        by=user,
    )
    return submit_application(application, by=user)


def test_a_sole_trader_can_register_as_a_supplier(newcomer: tuple[Supplier, User]) -> None:
    supplier, _ = newcomer

    assert supplier.is_sole_trader
    assert AuditEvent.objects.filter(subject_id=str(supplier.pk), event=ProcurementEvent.SUPPLIER_REGISTERED).exists()


def test_a_council_cannot_be_registered_as_a_supplier(council: Organisation, commissioner: User) -> None:
    with pytest.raises(MembershipChangeRefused):
        register_supplier(council, is_sole_trader=False, regulator=Supplier.Regulator.NONE, by=commissioner)

    assert not Supplier.objects.exists()


def test_two_assessors_evaluate_then_moderation_admits_with_reasons(
    consortium: Consortium, newcomer: tuple[Supplier, User], commissioner: User, second_assessor: User
) -> None:
    application = submitted(consortium, newcomer)
    _, requirement, safeguarding, workforce = consortium.questions
    record_evaluation(
        application,
        marks={safeguarding.pk: 4, workforce.pk: 3},
        passes={requirement.pk: True},
        rating_checked_on=timezone.localdate(),
        by=commissioner,
    )

    with pytest.raises(MembershipChangeRefused, match="At least 2 assessors"):
        moderate_application(
            application, marks={safeguarding.pk: 4, workforce.pk: 3}, passes={requirement.pk: True}, by=commissioner
        )

    record_evaluation(
        application,
        marks={safeguarding.pk: 4, workforce.pk: 4},
        passes={requirement.pk: True},
        rating_checked_on=None,
        by=second_assessor,
    )
    decided = moderate_application(
        application, marks={safeguarding.pk: 4, workforce.pk: 3}, passes={requirement.pk: True}, by=commissioner
    )

    assert decided.decision.is_admitted
    # 60 x 4/5 + 40 x 3/5 = 48 + 24 = 72.00
    assert str(decided.decision.weighted_score) == "72.00"
    assert decided.application.status == Application.Status.ADMITTED
    assert Membership.objects.get(supplier=newcomer[0]).status == Membership.Status.ADMITTED
    assert decided.application.rating_checked_on == timezone.localdate()


def test_a_mark_below_the_minimum_rejects_with_the_reason_the_supplier_sees(
    consortium: Consortium, newcomer: tuple[Supplier, User], commissioner: User, second_assessor: User
) -> None:
    application = submitted(consortium, newcomer)
    _, requirement, safeguarding, workforce = consortium.questions
    for assessor in (commissioner, second_assessor):
        record_evaluation(
            application,
            marks={safeguarding.pk: 2, workforce.pk: 5},
            passes={requirement.pk: True},
            rating_checked_on=None,
            by=assessor,
        )

    decided = moderate_application(
        application, marks={safeguarding.pk: 2, workforce.pk: 5}, passes={requirement.pk: True}, by=commissioner
    )

    assert decided.application.status == Application.Status.REJECTED
    assert "Marked 2 out of 5, below the minimum of 3: Safeguarding" in decided.application.decision_reasons
    assert not Membership.objects.filter(supplier=newcomer[0]).exists()


def test_a_mandatory_exclusion_ground_rejects_whatever_the_marks(
    consortium: Consortium, newcomer: tuple[Supplier, User], commissioner: User, second_assessor: User
) -> None:
    application = submitted(consortium, newcomer, fraud=True)
    _, requirement, safeguarding, workforce = consortium.questions
    for assessor in (commissioner, second_assessor):
        record_evaluation(
            application,
            marks={safeguarding.pk: 5, workforce.pk: 5},
            passes={requirement.pk: True},
            rating_checked_on=None,
            by=assessor,
        )

    decided = moderate_application(
        application, marks={safeguarding.pk: 5, workforce.pk: 5}, passes={requirement.pk: True}, by=commissioner
    )

    assert not decided.decision.is_admitted
    assert "mandatory exclusion ground" in decided.application.decision_reasons


def test_answers_are_carried_over_to_the_next_window(
    consortium: Consortium, newcomer: tuple[Supplier, User], commissioner: User, second_assessor: User
) -> None:
    first = submitted(consortium, newcomer)
    _, requirement, safeguarding, workforce = consortium.questions
    for assessor in (commissioner, second_assessor):
        record_evaluation(
            first,
            marks={safeguarding.pk: 1, workforce.pk: 1},
            passes={requirement.pk: True},
            rating_checked_on=None,
            by=assessor,
        )
    moderate_application(
        first, marks={safeguarding.pk: 1, workforce.pk: 1}, passes={requirement.pk: True}, by=commissioner
    )
    # Six months on, the next window opens.
    first.window.closes_on = timezone.localdate() - timedelta(days=1)
    first.window.opens_on = timezone.localdate() - timedelta(days=40)
    first.window.save(update_fields=["closes_on", "opens_on"])
    consortium.arrangement.windows.create(
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=30),
        assessment_date=timezone.localdate() + timedelta(days=40),
    )

    second = start_application(newcomer[0], category=consortium.category, by=newcomer[1])

    assert second.pk != first.pk
    assert {a.question_id: a.text for a in second.answers.all()} == {a.question_id: a.text for a in first.answers.all()}
    assert second.regulator_rating == Application.Rating.GOOD


def test_a_stale_save_is_refused_and_changes_nothing(consortium: Consortium, newcomer: tuple[Supplier, User]) -> None:
    supplier, user = newcomer
    application = start_application(supplier, category=consortium.category, by=user)
    save_answers(
        application, answers={}, regulator_rating="good", regulator_rating_date=None, expected_version=1, by=user
    )

    with pytest.raises(StaleEdit):
        save_answers(
            application,
            answers=complete_answers(consortium),
            regulator_rating="good",
            regulator_rating_date=None,
            expected_version=1,
            by=user,
        )

    assert not Answer.objects.filter(application=application).exists()


def test_an_incomplete_application_cannot_be_submitted(consortium: Consortium, newcomer: tuple[Supplier, User]) -> None:
    supplier, user = newcomer
    application = start_application(supplier, category=consortium.category, by=user)

    with pytest.raises(MembershipChangeRefused):
        submit_application(application, by=user)

    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_no_application_without_an_open_window(consortium: Consortium, newcomer: tuple[Supplier, User]) -> None:
    consortium.arrangement.windows.update(closes_on=timezone.localdate() - timedelta(days=1))

    with pytest.raises(MembershipChangeRefused, match="No admission window"):
        start_application(newcomer[0], category=consortium.category, by=newcomer[1])

    assert not Application.objects.filter(supplier=newcomer[0]).exists()


def test_the_questionnaire_never_asks_a_price(consortium: Consortium) -> None:
    field_names = {field.name for field in Application._meta.get_fields()} | {
        f.name for f in Question._meta.get_fields()
    }

    assert not {name for name in field_names if "price" in name}


def test_suspension_and_removal_need_a_reason(consortium: Consortium, commissioner: User) -> None:
    membership = consortium.memberships[0]
    with pytest.raises(MembershipChangeRefused):
        suspend_membership(membership, reason=" ", by=commissioner)

    suspended = suspend_membership(membership, reason="Ofsted rating fell to inadequate", by=commissioner)
    removed = remove_membership(suspended, reason="Did not improve within 3 months", by=commissioner)

    assert removed.status == Membership.Status.REMOVED
    assert removed.status_reason == "Did not improve within 3 months"
    assert AuditEvent.objects.filter(event=ProcurementEvent.MEMBERSHIP_SUSPENDED).count() == 1
