"""Setting a contract up from the one-page form: its values and shares, what to fix at the field (nothing saved on
bad input), who may set one up, and pooled funds as funders."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.models import (
    Contract,
    ContractPartner,
    ExtensionDecision,
    FundingContribution,
    Lot,
    PooledFund,
)
from carershub.commissioning.tests.factories import (
    ContractFactory,
    ExtensionDecisionFactory,
    LotFactory,
    fund_every_year,
)
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import OrganisationFactory
from carershub.referrals.models import Cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def childrens_services(home_area: Area) -> Organisation:
    return OrganisationFactory.create(
        name="Home Children's Services",
        slug="home-childrens-services",
        kind=Organisation.Kind.COUNCIL_CHILDRENS_SERVICES,
        areas=[home_area],
    )


@pytest.fixture
def icb(home_area: Area) -> Organisation:
    return OrganisationFactory.create(name="Home ICB", slug="home-icb", kind=Organisation.Kind.ICB, areas=[home_area])


def set_up_form(
    council: Organisation,
    childrens_services: Organisation,
    icb: Organisation,
    carers_centre: Organisation,
    home_area: Area,
    **changes: Any,
) -> dict[str, Any]:
    """Sefton's contract as typed into the form."""
    return {
        "reference": "SEF-CARERS-2025",
        "title": "All-age carers support and advice",
        "status": "awarded",
        "commissioner": council.pk,
        "partners": [childrens_services.pk],
        "areas": [home_area.pk],
        "regime": "pa_2023",
        "route": "open",
        "light_touch": "on",
        "start_date_day": "1",
        "start_date_month": "4",
        "start_date_year": "2025",
        "initial_term_years": "3",
        "extension_years": "1, 1",
        "extension_notice_months": "6",
        "decision_maker": "Executive Director of Adult Social Care, Health and Wellbeing",
        "annual_value": "£1,122,930",
        "annual_uplift_percent": "0",
        "maximum_price": "",
        "funder_1": f"organisation-{council.pk}",
        "funder_1_amount": "731236",
        "funder_1_standing": "committed",
        "funder_2": f"organisation-{childrens_services.pk}",
        "funder_2_amount": "259694.00",
        "funder_2_standing": "committed",
        # Seed 000: the ICB's £132,000 "for 25/26 is anticipated"; the finance table only assumes it continues.
        "funder_3": f"organisation-{icb.pk}",
        "funder_3_amount": "132,000",
        "funder_3_standing": "anticipated",
        "funder_3_years": "1",
        "funder_4": f"organisation-{icb.pk}",
        "funder_4_amount": "132000",
        "funder_4_standing": "assumed",
        "funder_4_years": "2-5",
        "lot_1_title": "Adult, parent and young carers",
        "lot_1_provider": carers_centre.pk,
        "lot_1_cohorts": ["adult", "young", "parent"],
    } | changes


@pytest.fixture
def form_data(
    council: Organisation,
    childrens_services: Organisation,
    icb: Organisation,
    carers_centre: Organisation,
    home_area: Area,
) -> dict[str, Any]:
    return set_up_form(council, childrens_services, icb, carers_centre, home_area)


@pytest.fixture
def contract(council: Organisation, carers_centre: Organisation, home_area: Area) -> Contract:
    contract = ContractFactory.create(reference="HOME-1", commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, number=1, provider=carers_centre, cohorts=[Cohort.ADULT])
    fund_every_year(contract, council, contract.annual_value)
    ExtensionDecisionFactory.create(contract=contract, option_number=1, decision_due_on=date(2027, 9, 30))
    ExtensionDecisionFactory.create(contract=contract, option_number=2, decision_due_on=date(2028, 9, 30))
    return contract


def test_a_commissioner_sets_up_seftons_contract_and_sees_its_values_and_shares(
    sign_in: SignIn, commissioner: User, form_data: dict[str, Any], icb: Organisation
) -> None:
    client = sign_in(commissioner)

    response = client.post("/commissioning/contracts/new/", form_data)

    assert response.status_code == 302
    contract = Contract.objects.get(reference="SEF-CARERS-2025")
    assert response["Location"] == "/commissioning/contracts/SEF-CARERS-2025/"
    assert (contract.annual_value, contract.extension_years, contract.start_date) == (
        Decimal("1122930.00"),
        [1, 1],
        date(2025, 4, 1),
    )
    assert sorted(ContractPartner.objects.filter(contract=contract).values_list("organisation__name", "role")) == [
        ("Home Children's Services", "partner"),
        ("Home Council", "lead"),
        ("Home ICB", "funder"),
    ]
    assert list(contract.extension_decisions.values_list("option_number", "decision_due_on")) == [
        (1, date(2027, 9, 30)),
        (2, date(2028, 9, 30)),
    ]
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CREATED, subject_id=str(contract.pk)).exists()

    page = client.get(response["Location"]).content.decode()

    assert "£5,614,650.00" in page  # lifetime value
    assert "£3,368,790.00" in page  # initial term value
    assert "65.12%" in page
    assert "23.13%" in page
    assert "2.35%" in page  # the ICB's anticipated year 1
    assert "9.40%" in page  # and its assumed years 2 to 5
    overview = client.get(response["Location"]).context["overview"]
    assert (overview.funding.committed, overview.funding.anticipated, overview.funding.assumed) == (
        Decimal("4954650.00"),
        Decimal("132000.00"),
        Decimal("528000.00"),
    )
    assert "31 March 2030" in page
    assert 'role="img"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"annual_value": "990930"}, "annual_value", "contributions add up to £1,122,930.00"),
        ({"annual_value": "-5"}, "annual_value", "must not be negative"),
        ({"funder_3_amount": "-132000"}, "funder_3_amount", "must not be negative"),
        ({"annual_value": "12.345"}, "annual_value", "to the penny"),
        ({"initial_term_years": "0"}, "initial_term_years", "at least 1 year"),
        ({"extension_years": "1, 0"}, "extension_years", "at least 1 year"),
        ({"extension_years": "one"}, "extension_years", "whole number of years"),
        ({"start_date_month": "13"}, "start_date", "must be a real date"),
        ({"maximum_price": "1000000"}, "annual_value", "maximum price"),
        ({"funder_3": ""}, "funder_3", "Select funder 3"),
        ({"funder_4_years": "1-5"}, "annual_value", "Enter each funder once for each year"),
        ({"funder_4_years": "2-6"}, "annual_value", "within the contract's 5 years"),
        ({"funder_4_years": "5-2"}, "funder_4_years", "from the earlier to the later"),
        ({"funder_4_standing": "promised"}, "funder_4_standing", "Select how sure funder 4's money is"),
        ({"lot_1_title": ""}, "lot_1_title", "Enter what lot 1 covers"),
        ({"areas": []}, "areas", "Select the areas"),
        ({"annual_uplift_percent": "-1"}, "annual_uplift_percent", "must not be negative"),
    ],
)
def test_bad_set_up_says_what_to_fix_at_the_field_and_saves_nothing(
    sign_in: SignIn, commissioner: User, form_data: dict[str, Any], changes: dict[str, Any], field: str, message: str
) -> None:
    response = sign_in(commissioner).post("/commissioning/contracts/new/", form_data | changes)

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert "govuk-error-summary" in response.content.decode()
    assert not Contract.objects.exists()
    assert not Lot.objects.exists()
    assert not FundingContribution.objects.exists()
    assert not ExtensionDecision.objects.exists()


def test_a_duplicate_reference_is_refused_at_the_field(
    sign_in: SignIn, commissioner: User, form_data: dict[str, Any], contract: Contract
) -> None:
    response = sign_in(commissioner).post("/commissioning/contracts/new/", form_data | {"reference": "HOME-1"})

    assert "already exists" in response.context["form"].errors["reference"][0]
    assert Contract.objects.count() == 1


def test_a_commissioner_cannot_set_up_a_contract_their_organisation_is_not_part_of(
    sign_in: SignIn, commissioner: User, form_data: dict[str, Any], icb: Organisation
) -> None:
    response = sign_in(commissioner).post(
        "/commissioning/contracts/new/", form_data | {"commissioner": icb.pk, "partners": []}
    )

    assert "lead commissioner or a joint commissioner" in response.context["form"].errors["commissioner"][0]
    assert not Contract.objects.exists()


def test_a_pooled_fund_is_offered_as_a_funder_and_funds_the_contract(
    sign_in: SignIn, commissioner: User, form_data: dict[str, Any], council: Organisation, icb: Organisation
) -> None:
    # Seed 003 §29, §33: the South Tees budget "is funded through the Better Care Fund, which is a pooled fund with
    # health ... £550k per annum".
    fund = PooledFund.objects.create(name="Better Care Fund", host=council)
    fund.members.set([council, icb])
    client = sign_in(commissioner)
    assert "Better Care Fund (pooled fund)" in client.get("/commissioning/contracts/new/").content.decode()
    data = form_data | {"annual_value": "550000", "funder_1": f"fund-{fund.pk}", "funder_1_amount": "550000"}
    for row in (2, 3, 4):
        data |= {f"funder_{row}": "", f"funder_{row}_amount": "", f"funder_{row}_years": ""}

    response = client.post("/commissioning/contracts/new/", data)

    assert response.status_code == 302
    contract = Contract.objects.get(reference="SEF-CARERS-2025")
    assert {(c.pooled_fund, c.funder, c.amount) for c in contract.contributions.all()} == {
        (fund, None, Decimal("550000.00"))
    }
    assert contract.contributions.count() == 5
