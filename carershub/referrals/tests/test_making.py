"""Making a referral: one intake whoever sends it, the people found or registered, the consents it carries, and the
provider it is routed to by cohort and age. A referral that cannot be made saves nothing."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import GPPracticeFactory
from carershub.people.models import CaringRelationship, Consent, Involvement, Person, TimelineEntry
from carershub.people.selectors import find_likely_duplicates
from carershub.people.tests.factories import born_years_ago
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import NoRouteForReferral, PersonDetails, ReferralInvalid, check_submission
from carershub.referrals.tests.factories import RoutingRuleFactory, adult_carer_submission, young_carer_submission


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    """The home area sends adult carers to the carers centre and young carers to the young carers service."""
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


def _row_counts() -> dict[str, int]:
    """How many rows intake could have written, to show that a refused referral wrote none."""
    models = (Person, Referral, Consent, CaringRelationship, Involvement, TimelineEntry, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


# --- Intake and routing -------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("routing")
def test_submit_referral_routes_an_adult_carer_to_the_adult_carers_provider(
    home_area: Area, carers_centre: Organisation
) -> None:
    referral = submit_referral(adult_carer_submission(home_area), submitted_by=None)

    referral = Referral.objects.select_related("carer", "cared_for").get()
    assert (referral.provider, referral.cohort, referral.status) == (carers_centre, Cohort.ADULT, Referral.Status.OPEN)
    assert (referral.carer.full_name, referral.carer.phone) == ("Maria Okafor", "07700900123")
    assert referral.cared_for is not None
    relationship = CaringRelationship.objects.get()
    assert (relationship.carer, relationship.cared_for, relationship.relationship) == (
        referral.carer,
        referral.cared_for,
        CaringRelationship.Relationship.PARENT,
    )
    involvement = Involvement.objects.get(person=referral.carer)
    assert (involvement.organisation, involvement.reason, involvement.ended_at) == (
        carers_centre,
        Involvement.Reason.REFERRAL_RECEIVED,
        None,
    )
    assert set(Consent.objects.filter(person=referral.carer).values_list("scope", "recipient_kind")) == {
        (Consent.Scope.REGISTRATION, ""),
        (Consent.Scope.SHARE, Consent.RecipientKind.PROVIDER),
    }
    entry = TimelineEntry.objects.get(person=referral.carer, kind="referrals.received")
    assert entry.summary == "Referred by the carer themselves; routed to Home Carers Centre"
    assert entry.link == f"/referrals/{referral.reference}/"
    created = AuditEvent.objects.get(subject_type="referrals.referral")
    assert (created.kind, created.event, created.subject_id, created.area) == (
        AuditEvent.Kind.RECORD_CREATED,
        "referrals.received",
        str(referral.pk),
        home_area,
    )


@pytest.mark.usefixtures("routing")
def test_submit_referral_routes_a_12_year_old_to_the_young_carers_service(
    home_area: Area, young_carers_service: Organisation
) -> None:
    referral = submit_referral(young_carer_submission(home_area), submitted_by=None)

    assert (referral.provider, referral.cohort) == (young_carers_service, Cohort.YOUNG)
    assert referral.carer.full_name == "Sam Reid"
    consent = Consent.objects.get(person=referral.carer, scope=Consent.Scope.SHARE)
    assert consent.given_by == Consent.GivenBy.PARENT_OR_GUARDIAN


@pytest.mark.usefixtures("routing")
def test_submit_referral_keeps_the_capitals_of_a_gp_practice_in_the_timeline(home_area: Area) -> None:
    practice = GPPracticeFactory.create(area=home_area, name="Mill Lane Surgery")

    referral = submit_referral(
        adult_carer_submission(home_area, source=Referral.Source.GP_PRACTICE, referring_gp_practice=practice),
        submitted_by=None,
    )

    entry = TimelineEntry.objects.get(person=referral.carer, kind="referrals.received")
    assert entry.summary == "Referred by GP practice; routed to Home Carers Centre"


@pytest.mark.usefixtures("routing")
def test_submit_referral_reuses_the_record_with_the_same_nhs_number_name_and_date_of_birth(home_area: Area) -> None:
    born = date(1972, 6, 14)
    first = submit_referral(
        adult_carer_submission(
            home_area,
            carer=PersonDetails("Maria", "Okafor", date_of_birth=born, nhs_number="999 000 0018", phone="07700900123"),
        ),
        submitted_by=None,
    )
    second = submit_referral(
        adult_carer_submission(
            home_area,
            carer=PersonDetails("maria", "OKAFOR", date_of_birth=born, nhs_number="9990000018", email="m@example.com"),
            cared_for=None,
            relationship="",
        ),
        submitted_by=None,
    )

    assert second.pk != first.pk
    assert second.carer_id == first.carer_id
    assert Person.objects.filter(nhs_number="9990000018").count() == 1
    assert not TimelineEntry.objects.filter(kind="referrals.possible_duplicate").exists()


@pytest.mark.parametrize(
    "second_carer",
    [
        pytest.param(
            PersonDetails("Maria", "Okafor-Smith", date_of_birth=date(1972, 6, 14), nhs_number="9990000018", phone="0"),
            id="different_family_name",
        ),
        pytest.param(
            PersonDetails("Maria", "Okafor", date_of_birth=date(1973, 6, 14), nhs_number="9990000018", phone="0"),
            id="different_date_of_birth",
        ),
    ],
)
@pytest.mark.usefixtures("routing")
def test_an_nhs_number_match_with_another_name_or_birth_date_registers_a_new_record_flagged_for_merge(
    home_area: Area, second_carer: PersonDetails
) -> None:
    first = submit_referral(
        adult_carer_submission(
            home_area,
            carer=PersonDetails(
                "Maria", "Okafor", date_of_birth=date(1972, 6, 14), nhs_number="9990000018", phone="07700900123"
            ),
        ),
        submitted_by=None,
    )

    second = submit_referral(
        adult_carer_submission(
            home_area, carer=replace(second_carer, phone="07700900124"), cared_for=None, relationship=""
        ),
        submitted_by=None,
    )

    assert second.carer_id != first.carer_id
    assert (second.carer.family_name, second.carer.date_of_birth) == (
        second_carer.family_name,
        second_carer.date_of_birth,
    )
    flag = TimelineEntry.objects.get(kind="referrals.possible_duplicate")
    assert flag.person_id == second.carer_id
    assert {person.pk for person in find_likely_duplicates(home_area, nhs_number="9990000018")} == {
        first.carer_id,
        second.carer_id,
    }


@pytest.mark.usefixtures("routing")
def test_the_same_idempotency_key_gives_the_same_referral_and_makes_one_row(home_area: Area) -> None:
    submission = adult_carer_submission(home_area, idempotency_key="form-4f1c")

    first = submit_referral(submission, submitted_by=None)
    second = submit_referral(submission, submitted_by=None)

    assert second.pk == first.pk
    assert Referral.objects.count() == 1
    assert Person.objects.count() == 2  # the carer and the person cared for, once each


def test_a_referral_in_an_area_without_a_route_is_refused_and_nothing_is_saved(home_area: Area) -> None:
    before = _row_counts()

    with pytest.raises(NoRouteForReferral):
        submit_referral(adult_carer_submission(home_area), submitted_by=None)

    assert _row_counts() == before


# --- Bad input ----------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("routing")
@pytest.mark.parametrize(
    ("changes", "expected_errors"),
    [
        pytest.param(
            {"carer": PersonDetails("Maria", "Okafor", date_of_birth=born_years_ago(52))},
            {"carer_contact": "Enter a phone number, an email address or a postal address for the carer"},
            id="no_contact_route",
        ),
        pytest.param(
            {"cared_for": PersonDetails("Maria", "Okafor", date_of_birth=born_years_ago(52))},
            {"cared_for": "The person being cared for must be someone other than the carer"},
            id="relationship_to_oneself",
        ),
        pytest.param(
            {"reason": "   "},
            {"reason": "Enter why the carer needs support"},
            id="missing_reason",
        ),
        pytest.param(
            {"relationship": ""},
            {"relationship": "Select how the carer is related to the person they care for"},
            id="missing_relationship",
        ),
        pytest.param(
            {"carer": PersonDetails("Amy", "Okafor", date_of_birth=born_years_ago(4), phone="07700900123")},
            {"date_of_birth": "A carer must be at least 5 years old"},
            id="carer_aged_4",
        ),
        pytest.param(
            {
                "carer": PersonDetails(
                    "Maria", "Okafor", date_of_birth=timezone.localdate() + timedelta(days=1), phone="07700900123"
                )
            },
            {"date_of_birth": "Date of birth must be in the past"},
            id="born_tomorrow",
        ),
        pytest.param(
            {"source": Referral.Source.GP_PRACTICE},
            {"referring_gp_practice": "Select the GP practice making the referral"},
            id="gp_referral_without_a_practice",
        ),
        pytest.param(
            {"carer": PersonDetails("Maria", "Okafor", phone="07700900123", nhs_number="999 000 0017")},
            {"nhs_number": "Enter a valid NHS number"},
            id="nhs_number_with_a_wrong_check_digit",
        ),
    ],
)
def test_a_referral_that_cannot_be_made_is_refused_field_by_field_and_nothing_is_saved(
    home_area: Area, changes: dict[str, object], expected_errors: dict[str, str]
) -> None:
    before = _row_counts()

    with pytest.raises(ReferralInvalid) as refused:
        submit_referral(adult_carer_submission(home_area, **changes), submitted_by=None)

    assert refused.value.errors == expected_errors
    assert _row_counts() == before


@pytest.mark.usefixtures("routing")
def test_a_carer_aged_5_may_be_referred(home_area: Area, young_carers_service: Organisation) -> None:
    submission = young_carer_submission(home_area)
    submission = replace(submission, carer=replace(submission.carer, date_of_birth=born_years_ago(5)))

    referral = submit_referral(submission, submitted_by=None)

    assert referral.provider == young_carers_service


@pytest.mark.usefixtures("routing")
def test_a_person_may_register_a_child_under_5_who_is_cared_for(home_area: Area) -> None:
    """The age floor is for carers: a baby can be the person cared for."""
    submission = adult_carer_submission(
        home_area,
        cared_for=PersonDetails("Noah", "Okafor", date_of_birth=born_years_ago(1)),
        relationship="child",
        conditions=("physical_disability",),
    )

    referral = submit_referral(submission, submitted_by=None)

    assert referral.cared_for is not None
    assert referral.cared_for.full_name == "Noah Okafor"


def test_a_routing_rule_of_another_area_does_not_route_a_referral(
    home_area: Area, neighbour_area: Area, neighbour_provider: Organisation
) -> None:
    RoutingRuleFactory.create(area=neighbour_area, cohort=Cohort.ADULT, provider=neighbour_provider)

    with pytest.raises(NoRouteForReferral):
        submit_referral(adult_carer_submission(home_area), submitted_by=None)

    assert not Referral.objects.exists()


@pytest.mark.parametrize(("age", "to_young_carers"), [(16, True), (17, True), (18, False), (25, False)])
def test_the_council_splits_young_adult_carers_between_the_lots_by_age(
    age: int,
    to_young_carers: bool,
    home_area: Area,
    carers_centre: Organisation,
    young_carers_service: Organisation,
) -> None:
    # Seed 003 §12: "The young adult carers in Transition Service will form part of both contracts": the council
    # sends those of 16-17 to the young carers' lot and those of 18-25 to the adult carers' lot.
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    RoutingRuleFactory.create(
        area=home_area, cohort=Cohort.YOUNG_ADULT, provider=young_carers_service, from_age=16, to_age=17
    )
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG_ADULT, provider=carers_centre, from_age=18, to_age=25)
    submission = adult_carer_submission(home_area)
    submission = replace(submission, carer=replace(submission.carer, date_of_birth=born_years_ago(age)))

    referral = submit_referral(submission, submitted_by=None)

    expected = young_carers_service if to_young_carers else carers_centre
    assert (referral.cohort, referral.provider) == (Cohort.YOUNG_ADULT, expected)


@pytest.mark.usefixtures("routing")
def test_a_carer_outside_every_age_band_goes_to_the_next_cohort(
    home_area: Area, carers_centre: Organisation, young_carers_service: Organisation
) -> None:
    RoutingRuleFactory.create(
        area=home_area, cohort=Cohort.YOUNG_ADULT, provider=young_carers_service, from_age=16, to_age=17
    )
    submission = adult_carer_submission(home_area)
    submission = replace(submission, carer=replace(submission.carer, date_of_birth=born_years_ago(22)))

    referral = submit_referral(submission, submitted_by=None)

    assert (referral.cohort, referral.provider) == (Cohort.ADULT, carers_centre)


def test_two_rules_for_the_same_cohort_and_ages_are_refused(home_area: Area, carers_centre: Organisation) -> None:
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG_ADULT, provider=carers_centre, from_age=16, to_age=20)
    overlapping = RoutingRule(area=home_area, cohort=Cohort.YOUNG_ADULT, provider=carers_centre, from_age=18, to_age=25)

    with pytest.raises(ValidationError, match="already routes young adult carers"):
        overlapping.full_clean()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"reason": "Needs a break \u202egnirac"}, "reason", id="reason_with_an_override"),
        pytest.param({"referrer_name": "Dr\u200b Khan"}, "referrer_name", id="referrer_with_a_zero_width_space"),
    ],
)
def test_hidden_formatting_in_free_text_is_refused_and_nothing_is_made(
    home_area: Area, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(ReferralInvalid) as refused:
        check_submission(adult_carer_submission(home_area, **changes))

    assert refused.value.errors == {
        field: "Remove the hidden formatting characters (for example, pasted text direction marks)"
    }
    assert not Referral.objects.exists()
