"""Who may see which referral, and the inbox: filters, orderings and counts."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Area, Organisation
from carershub.organisations.selectors import area_ids_of
from carershub.people.tests.factories import AdultCarerFactory
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.selectors import (
    get_referral_for_user,
    inbox_counts,
    inbox_for,
    referrals_about,
    referrals_visible_to,
    transfer_destinations,
)
from carershub.referrals.tests.factories import AcceptedReferralFactory, OpenReferralFactory


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council, email="social-worker@test.example", full_name="Sam Social", roles=[Role.PRACTITIONER], created_by=None
    )


@pytest.fixture
def referral(home_area: Area, carers_centre: Organisation) -> Referral:
    return OpenReferralFactory.create(area=home_area, provider=carers_centre)


@pytest.mark.parametrize(
    ("persona", "sees_it"),
    [
        pytest.param("practitioner", True, id="practitioner_of_the_provider"),
        pytest.param("manager", True, id="manager_of_the_provider"),
        pytest.param("council_practitioner", True, id="council_practitioner_in_the_area"),
        pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
        pytest.param("commissioner", False, id="commissioner"),
        pytest.param("administrator", False, id="administrator"),
        pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
    ],
)
def test_referral_authorisation_matrix(
    request: pytest.FixtureRequest, referral: Referral, persona: str, sees_it: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    assert list(referrals_visible_to(user)) == ([referral] if sees_it else [])
    if sees_it:
        assert get_referral_for_user(user, referral.reference) == referral
    else:
        with pytest.raises(Http404):
            get_referral_for_user(user, referral.reference)


@pytest.mark.parametrize("reference", ["RTESTFORBID", "RNOSUCHONE"], ids=["forbidden", "missing"])
def test_forbidden_and_missing_referrals_are_the_same_404(
    other_team_practitioner: User, home_area: Area, carers_centre: Organisation, reference: str
) -> None:
    OpenReferralFactory.create(area=home_area, provider=carers_centre, reference="RTESTFORBID")

    with pytest.raises(Http404) as raised:
        get_referral_for_user(other_team_practitioner, reference)

    assert str(raised.value) == "No referral found"


def test_a_council_sees_referrals_of_its_own_areas_only(
    council_practitioner: User, neighbour_area: Area, neighbour_provider: Organisation, referral: Referral
) -> None:
    OpenReferralFactory.create(area=neighbour_area, provider=neighbour_provider)

    assert list(referrals_visible_to(council_practitioner)) == [referral]


def test_a_provider_no_longer_serving_an_area_stops_seeing_its_referrals_there(
    practitioner: User, neighbour_area: Area, carers_centre: Organisation, referral: Referral
) -> None:
    OpenReferralFactory.create(area=neighbour_area, provider=carers_centre)
    carers_centre.areas.remove(neighbour_area)

    assert list(referrals_visible_to(practitioner)) == [referral]


def test_a_deactivated_account_sees_no_referral(practitioner: User, referral: Referral) -> None:
    practitioner.is_active = False
    assert not referrals_visible_to(practitioner).exists()


def test_inbox_for_filters_by_status_cohort_and_urgency(
    practitioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    wanted = OpenReferralFactory.create(
        area=home_area, provider=carers_centre, cohort=Cohort.PARENT, urgency=Referral.Urgency.URGENT
    )
    OpenReferralFactory.create(area=home_area, provider=carers_centre, cohort=Cohort.ADULT)
    OpenReferralFactory.create(
        area=home_area, provider=carers_centre, cohort=Cohort.PARENT, urgency=Referral.Urgency.ROUTINE
    )
    AcceptedReferralFactory.create(
        area=home_area, provider=carers_centre, cohort=Cohort.PARENT, urgency=Referral.Urgency.URGENT
    )

    inbox = inbox_for(practitioner, status="open", cohort=["parent", "kinship"], urgency=["urgent", "soon"])

    assert list(inbox) == [wanted]


def test_inbox_for_sorts_by_urgency_most_urgent_and_longest_waiting_first(
    practitioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    now = timezone.now()

    def make(urgency: str, days_ago: int) -> Referral:
        return OpenReferralFactory.create(
            area=home_area, provider=carers_centre, urgency=urgency, received_at=now - timedelta(days=days_ago)
        )

    routine, urgent_new, soon, urgent_old = make("routine", 9), make("urgent", 1), make("soon", 5), make("urgent", 3)

    assert list(inbox_for(practitioner, sort="urgency")) == [urgent_old, urgent_new, soon, routine]
    assert list(inbox_for(practitioner, sort="-urgency")) == [routine, soon, urgent_new, urgent_old]
    assert list(inbox_for(practitioner, sort="received_at")) == [routine, soon, urgent_old, urgent_new]
    # Triage by default: urgent first, then the longest waiting.
    assert list(inbox_for(practitioner)) == [urgent_old, urgent_new, soon, routine]
    assert list(inbox_for(practitioner, sort="-received_at")) == [urgent_new, urgent_old, soon, routine]


def test_inbox_for_sorts_by_family_name_whatever_the_case(
    practitioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    for family_name in ["de Souza", "Adams", "Zhou", "baker"]:
        carer = AdultCarerFactory.create(area=home_area, family_name=family_name)
        OpenReferralFactory.create(area=home_area, provider=carers_centre, carer=carer)

    ordered = [referral.carer.family_name for referral in inbox_for(practitioner, sort="family_name")]
    reversed_order = [referral.carer.family_name for referral in inbox_for(practitioner, sort="-family_name")]

    assert ordered == ["Adams", "baker", "de Souza", "Zhou"]
    assert reversed_order == ["Zhou", "de Souza", "baker", "Adams"]


def test_inbox_counts_the_referrals_waiting_for_a_decision_in_one_query(
    practitioner: User,
    home_area: Area,
    carers_centre: Organisation,
    young_carers_service: Organisation,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    OpenReferralFactory.create_batch(2, area=home_area, provider=carers_centre)
    AcceptedReferralFactory.create(area=home_area, provider=carers_centre)
    OpenReferralFactory.create(area=home_area, provider=young_carers_service)  # another provider's
    # A view loads the user's roles and organisation once per request, before any selector runs.
    assert practitioner.roles == {Role.PRACTITIONER}
    assert practitioner.organisation == carers_centre
    assert area_ids_of(practitioner)  # and so are the ids of its areas

    with django_assert_num_queries(1):
        counts = inbox_counts(practitioner)

    assert counts == {"open": 2}


def test_inbox_counts_are_zero_for_someone_who_sees_no_referral(commissioner: User, referral: Referral) -> None:
    assert inbox_counts(commissioner) == {"open": 0}


def test_transfer_destinations_are_the_other_carers_services_taking_referrals_in_the_area(
    referral: Referral,
    young_carers_service: Organisation,
    council: Organisation,
    neighbour_provider: Organisation,
) -> None:
    closed = Organisation.objects.create(
        name="Closed Carers", slug="closed-carers", kind=Organisation.Kind.PROVIDER, is_active=False
    )
    closed.areas.add(referral.area)
    home_care = Organisation.objects.create(name="Home Care Agency", slug="home-care", kind=Organisation.Kind.PROVIDER)
    home_care.areas.add(referral.area)  # works in the area but takes no carers' referrals there
    RoutingRule.objects.create(area=referral.area, cohort=Cohort.YOUNG, provider=young_carers_service)
    RoutingRule.objects.create(area=referral.area, cohort=Cohort.KINSHIP, provider=closed)

    assert list(transfer_destinations(referral)) == [young_carers_service]


def test_referrals_about_a_person_include_those_as_the_person_cared_for(
    practitioner: User, referral: Referral, home_area: Area, carers_centre: Organisation
) -> None:
    assert referral.cared_for is None
    other = OpenReferralFactory.create(area=home_area, provider=carers_centre, cared_for=referral.carer)

    assert list(referrals_about(practitioner, referral.carer)) == [other, referral]
