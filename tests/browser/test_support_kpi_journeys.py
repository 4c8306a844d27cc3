"""The contract's KPI dashboard shows everyday support's measures, counted from the provider's records, in a real
browser with axe-core checks."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role
from carershub.commissioning.services.monitoring import add_kpi
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.organisations.tests.factories import AreaFactory, CouncilAdultSocialCareFactory, ProviderFactory
from carershub.people.models import Involvement
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import PersonFactory
from carershub.referrals.models import Cohort
from carershub.support.models import ContactKind
from carershub.support.services.contacts import ContactDetails, log_contact
from tests.browser.test_emergency_journeys import AssertAccessible, _staff, sign_in

MEASURES = (
    ("carers_supported_any_way", "Carers supported (any support)", 4000),
    ("one_to_one_contacts", "1:1 support contacts", 3000),
    ("one_to_one_hours", "Hours of 1:1 support", 1500),
    ("professionals_trained", "Professionals trained", 600),
)


@pytest.mark.usefixtures("transactional_db")
def test_the_contracts_dashboard_shows_everyday_support_measures(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible
) -> None:
    area = AreaFactory.create(name="Millvale", slug="millvale")
    council = CouncilAdultSocialCareFactory.create(name="Millvale Council", slug="millvale-council", areas=[area])
    centre = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    contract = ContractFactory.create(
        commissioner=council, areas=[area], reference="COV-CWS", title="Carers Wellbeing Service"
    )
    LotFactory.create(contract=contract, provider=centre, cohorts=[Cohort.ADULT])
    commissioner = _staff(council, "commissioner@millvale.example", "Cara Commissioner", Role.COMMISSIONER)
    practitioner = _staff(centre, "worker@millvale.example", "Wendy Worker", Role.PRACTITIONER)
    for measure, _, target in MEASURES:
        add_kpi(contract, measure=measure, annual_target=Decimal(target), by=commissioner.user)
    counselling = ContactKind.objects.get(code="counselling")
    for number in range(6):
        carer = PersonFactory.create(area=area)
        open_involvement(carer, centre, reason=Involvement.Reason.CASE_OPEN, at=timezone.now())
        log_contact(
            carer,
            by=practitioner.user,
            details=ContactDetails(
                contacted_on=timezone.localdate() - timedelta(days=number),
                kind=counselling,
                channel="face_to_face",
                minutes=60,
            ),
        )

    sign_in(page, live_server, commissioner, assert_accessible)
    page.goto(f"{live_server.url}/commissioning/")
    page.get_by_role("link", name="COV-CWS: Carers Wellbeing Service").click()
    for _, label, _ in MEASURES:
        expect(page.get_by_role("row", name=label).first).to_be_visible()
    expect(page.get_by_role("row", name="1:1 support contacts").first).to_contain_text("6")
    assert_accessible(page)
