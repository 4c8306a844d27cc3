"""Mini-competition pages: who may see a package request (404 and nothing recorded otherwise), sealed and late bids,
a whole competition through the pages, ranking with abnormally low bids, the open data, and list pages with a constant
number of queries."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area
from carershub.organisations.tests.factories import CouncilAdultSocialCareFactory
from carershub.people.models import Consent, Person
from carershub.people.services.consent import record_consent
from carershub.procurement.models import Bid, PackageRequest
from carershub.procurement.tests.conftest import Consortium, staff
from carershub.procurement.tests.pages import nothing_recorded_since
from carershub.procurement.tests.test_package_services import answers, close, published, three_bids

pytestmark = pytest.mark.django_db


def package_url(package_request: PackageRequest) -> str:
    return reverse("procurement:package", args=[package_request.reference])


def test_the_home_page_is_for_councils_and_suppliers_only(
    sign_in: SignIn, practitioner: User, consortium: Consortium, social_worker: User
) -> None:
    assert sign_in(practitioner).get(reverse("procurement:home")).status_code == 404
    supplier_page = sign_in(consortium.supplier_users[0]).get(reverse("procurement:home"))
    council_page = sign_in(social_worker).get(reverse("procurement:home"))

    assert supplier_page.status_code == council_page.status_code == 200
    assert consortium.arrangement.title in council_page.content.decode()


def test_a_supplier_sees_the_need_but_never_the_child_nor_other_bids(
    sign_in: SignIn, consortium: Consortium, social_worker: User, child: Person
) -> None:
    package_request = published(consortium, social_worker, child)
    three_bids(consortium, package_request)
    client = sign_in(consortium.supplier_users[0])

    html = client.get(package_url(package_request)).content.decode()

    assert package_request.needs in html
    assert child.family_name not in html
    assert child.given_name not in html
    assert "1250.00" not in html  # the other suppliers' prices
    assert "1100.00" not in html
    assert "1200.00" not in html  # the council's own ceiling


def test_an_uninvited_supplier_and_another_council_get_404_and_nothing_is_recorded(
    sign_in: SignIn, consortium: Consortium, social_worker: User, child: Person, neighbour_area: Area
) -> None:
    package_request = published(consortium, social_worker, child)
    other_council = CouncilAdultSocialCareFactory.create(name="Other Council", slug="other-council")
    outsiders = [
        staff(other_council, "other-commissioner@test.example", Role.COMMISSIONER),
        staff(other_council, "other-worker@test.example", Role.PRACTITIONER),
    ]
    clients = [sign_in(user) for user in outsiders]
    events = AuditEvent.objects.count()
    for client in clients:
        for url in (
            package_url(package_request),
            reverse("procurement:publish", args=[package_request.reference]),
            reverse("procurement:award", args=[package_request.reference]),
            reverse("procurement:share", args=[package_request.reference]),
            reverse("procurement:arrangement", args=[consortium.arrangement.reference]),
            reverse("procurement:arrangement_ocds", args=[consortium.arrangement.reference]),
        ):
            assert client.get(url).status_code in (404, 405), url
            assert client.post(url, {}).status_code in (404, 405), url

    assert nothing_recorded_since(events)
    package_request.refresh_from_db()
    assert package_request.status == PackageRequest.Status.PUBLISHED


def test_bids_are_sealed_until_the_deadline(
    sign_in: SignIn, consortium: Consortium, social_worker: User, child: Person
) -> None:
    package_request = published(consortium, social_worker, child)
    three_bids(consortium, package_request)
    client = sign_in(social_worker)

    before = client.get(package_url(package_request)).content.decode()
    close(package_request)
    after = client.get(package_url(package_request)).content.decode()

    assert "£950.00" not in before
    assert "£950.00" in after


def test_a_late_bid_through_the_page_is_refused(
    sign_in: SignIn, consortium: Consortium, social_worker: User, child: Person
) -> None:
    package_request = published(consortium, social_worker, child)
    close(package_request)
    data = {"price": "900"} | {f"answer_{pk}": text for pk, text in answers(package_request).items()}

    response = sign_in(consortium.supplier_users[0]).post(
        reverse("procurement:bid", args=[package_request.reference]), data
    )

    assert response.status_code == 200
    assert "The deadline for bids has passed" in response.content.decode()
    assert not Bid.objects.exists()


def test_a_whole_mini_competition_through_the_pages(
    sign_in: SignIn, consortium: Consortium, social_worker: User, child: Person
) -> None:
    council = sign_in(social_worker)
    form = {
        "category": consortium.category.pk,
        "age_band": PackageRequest.AgeBand.AGE_11_TO_15,
        "needs": "Complex health needs, waking nights",
        "pattern": "Two waking nights a week",
        "start_date_day": "1",
        "start_date_month": "3",
        "start_date_year": str(timezone.localdate().year + 1),
        "expected_duration_weeks": "26",
        "price_ceiling": "1,200",
        "quality_weight": "60",
        "quality_threshold": "40",
        "question_1": "How will you meet the need?",
        "weight_1": "70",
        "question_2": "How will you keep the same workers?",
        "weight_2": "30",
    }
    response = council.post(reverse("procurement:package_new", args=[child.pk]), form)
    package_request = PackageRequest.objects.get()
    assert response.status_code == 302
    deadline = timezone.localdate() + timedelta(days=10)
    council.post(
        reverse("procurement:publish", args=[package_request.reference]),
        {"deadline_date_day": deadline.day, "deadline_date_month": deadline.month, "deadline_date_year": deadline.year},
    )
    package_request.refresh_from_db()
    assert package_request.invitations.count() == 3
    for user, price in zip(consortium.supplier_users, ("950.00", "1250.00", "1100.00"), strict=True):
        data = {"price": price} | {f"answer_{pk}": "We will" for pk in answers(package_request)}
        assert sign_in(user).post(reverse("procurement:bid", args=[package_request.reference]), data).status_code == 302
    close(package_request)
    first, second = package_request.questions.all()
    for bid, mark in zip(Bid.objects.order_by("pk"), (7, 10, 9), strict=True):
        council.post(
            reverse("procurement:bid_evaluate", args=[package_request.reference, bid.pk]),
            {f"mark_{first.pk}": mark, f"mark_{second.pk}": mark},
        )
    cedar = Bid.objects.get(supplier=consortium.suppliers[2])
    council.post(reverse("procurement:award", args=[package_request.reference]), {"bid": cedar.pk, "reasons": "Best"})
    package_request.refresh_from_db()
    assert package_request.status == PackageRequest.Status.AWARDED
    winner = sign_in(consortium.supplier_users[2])
    loser = sign_in(consortium.supplier_users[0]).get(package_url(package_request)).content.decode()
    assert "Your total score was 82.00 (rank 2)" in loser
    assert "The winning bid scored 88.55" in loser
    assert child.family_name not in winner.get(package_url(package_request)).content.decode()

    record_consent(
        child,
        scope=Consent.Scope.SHARE,
        given_by=Consent.GivenBy.PARENT_OR_GUARDIAN,
        given_by_name="Jo Zebedee",
        organisation=cedar.supplier.organisation,
        recorded_by=social_worker,
    )
    council.post(reverse("procurement:share", args=[package_request.reference]))
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED, actor=consortium.supplier_users[2])

    assert child.family_name in winner.get(package_url(package_request)).content.decode()
    assert events.count() == 1
    assert (
        child.family_name
        not in sign_in(consortium.supplier_users[0]).get(package_url(package_request)).content.decode()
    )
    record = council.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert package_request.reference in record  # the package is on the young person's record


def test_the_open_data_validates_and_names_no_child(
    sign_in: SignIn, consortium: Consortium, social_worker: User, child: Person, commissioner: User
) -> None:
    from carershub.commissioning.tests.test_ocds import validator

    package_request = published(consortium, social_worker, child)
    bid = three_bids(consortium, package_request)[0]  # equal quality: the cheapest, at £950, wins
    close(package_request)
    first, second = package_request.questions.all()
    for each in Bid.objects.all():
        from carershub.procurement.services.packages import award_package, evaluate_bid

        evaluate_bid(each, marks={first.pk: 9, second.pk: 9}, by=social_worker)
    award_package(package_request, bid=bid, reasons="Highest total", by=social_worker)
    client = sign_in(commissioner)

    response = client.get(reverse("procurement:arrangement_ocds", args=[consortium.arrangement.reference]))
    text = response.content.decode()
    package = json.loads(text)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("procurement:awards_csv", args=[consortium.arrangement.reference])).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )

    assert sorted(error.message for error in validator().iter_errors(package)) == []
    assert len(package["releases"]) == 2
    assert package["releases"][1]["awards"][0]["value"]["amount"] == 950 * 52
    assert child.family_name not in text
    assert package_request.needs not in text
    assert rows == [
        ["Council", "Category", "Packages awarded", "Total weekly value (GBP)"],
        ["Home Council", "Care and support packages", "1", "950.00"],
    ]


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_list_pages_take_the_same_queries_however_many_requests_and_bids(
    sign_in: SignIn, consortium: Consortium, social_worker: User, child: Person, commissioner: User
) -> None:
    supplier = sign_in(consortium.supplier_users[0])
    council = sign_in(social_worker)
    lead = sign_in(commissioner)
    pages = [
        (supplier, reverse("procurement:home")),
        (supplier, reverse("procurement:arrangement", args=[consortium.arrangement.reference])),
        (council, reverse("procurement:home")),
        (lead, reverse("procurement:arrangement", args=[consortium.arrangement.reference])),
    ]
    three_bids(consortium, published(consortium, social_worker, child))
    for client, url in pages:  # a session's first request does one-off work
        client.get(url)
    before = [queries_for(client, url) for client, url in pages]
    for _ in range(3):
        three_bids(consortium, published(consortium, social_worker, child))

    assert [queries_for(client, url) for client, url in pages] == before


def test_ranking_shows_abnormally_low_bids_to_the_council(
    sign_in: SignIn, consortium: Consortium, social_worker: User, child: Person
) -> None:
    package_request = published(consortium, social_worker, child)
    from carershub.procurement.services.packages import evaluate_bid, submit_bid

    for supplier, user, price in zip(
        consortium.suppliers, consortium.supplier_users, ("500.00", "1100.00", "1150.00"), strict=True
    ):
        submit_bid(package_request, supplier=supplier, price=Decimal(price), answers=answers(package_request), by=user)
    close(package_request)
    first, second = package_request.questions.all()
    for each in Bid.objects.all():
        evaluate_bid(each, marks={first.pk: 8, second.pk: 8}, by=social_worker)

    html = sign_in(social_worker).get(package_url(package_request)).content.decode()

    assert "Abnormally low" in html
