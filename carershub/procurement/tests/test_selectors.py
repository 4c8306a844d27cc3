"""Who sees what in procurement: an authority that left loses the arrangement, a supplier never sees a draft or a
request it was not invited to, and the lead authority's spot purchase report covers its participants."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import CouncilAdultSocialCareFactory
from carershub.people.models import Person
from carershub.procurement.models import ArrangementParticipant, SpotPurchase
from carershub.procurement.selectors import (
    arrangements_visible_to,
    package_requests_visible_to,
    spot_purchase_report,
)
from carershub.procurement.services.arrangements import join_arrangement, leave_arrangement
from carershub.procurement.services.contingency import request_spot_purchase
from carershub.procurement.tests.conftest import Consortium, staff
from carershub.procurement.tests.factories import SupplierFactory
from carershub.procurement.tests.test_package_services import draft, published

pytestmark = pytest.mark.django_db


def test_an_authority_that_left_no_longer_sees_the_arrangement(
    consortium: Consortium, commissioner: User, neighbour_area: Area
) -> None:
    partner = CouncilAdultSocialCareFactory.create(areas=[neighbour_area])
    partner_commissioner = staff(partner, "partner@test.example", Role.COMMISSIONER)
    participant = join_arrangement(
        consortium.arrangement,
        organisation=partner,
        kind=ArrangementParticipant.Kind.COUNCIL,
        joined_on=timezone.localdate() - timedelta(days=30),
        by=commissioner,
    )
    assert list(arrangements_visible_to(partner_commissioner)) == [consortium.arrangement]

    leave_arrangement(participant, left_on=timezone.localdate(), by=commissioner)

    assert not arrangements_visible_to(partner_commissioner).exists()


def test_a_supplier_sees_only_published_requests_it_was_invited_to(
    consortium: Consortium, social_worker: User, child: Person, home_area: Area
) -> None:
    draft(consortium, social_worker, child)
    invited = published(consortium, social_worker, child)
    outsider_organisation = SupplierFactory.create().organisation
    outsider = staff(outsider_organisation, "outsider@test.example", Role.SUPPLIER)

    assert list(package_requests_visible_to(consortium.supplier_users[0])) == [invited]
    assert not package_requests_visible_to(outsider).exists()


def test_the_lead_authoritys_report_covers_its_participants_and_a_council_sees_only_its_own(
    consortium: Consortium, commissioner: User, social_worker: User, neighbour_area: Area, carers_centre: Organisation
) -> None:
    partner = CouncilAdultSocialCareFactory.create(name="Partner Council", areas=[neighbour_area])
    join_arrangement(
        consortium.arrangement,
        organisation=partner,
        kind=ArrangementParticipant.Kind.COUNCIL,
        joined_on=timezone.localdate(),
        by=commissioner,
    )
    partner_worker = staff(partner, "partner-worker@test.example", Role.PRACTITIONER)
    for by in (social_worker, partner_worker):
        request_spot_purchase(
            provider=carers_centre,
            reason=SpotPurchase.Reason.CONTINUITY_OF_CARE,
            justification="Same carers for three years",
            weekly_price=Decimal("900.00"),
            start_date=timezone.localdate(),
            by=by,
        )

    lead_rows = [(row.council, row.reason, row.requested) for row in spot_purchase_report(commissioner)]
    partner_rows = [(row.council, row.requested) for row in spot_purchase_report(partner_worker)]

    assert lead_rows == [
        ("Home Council", "Continuity of care", 1),
        ("Partner Council", "Continuity of care", 1),
    ]
    assert partner_rows == [("Partner Council", 1)]
