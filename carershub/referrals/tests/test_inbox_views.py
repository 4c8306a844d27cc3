"""The referral inbox: who may open it, its columns, filters, sorting and paging with a constant number of queries,
and the audit of each view."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.tests.factories import AcceptedReferralFactory, OpenReferralFactory
from carershub.referrals.tests.pages import REFERRAL_MATRIX, page_text


def test_the_inbox_asks_anonymous_visitors_to_sign_in(client: Client, referral: Referral) -> None:
    response = client.get(reverse("referrals:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("persona", "sees_it"), REFERRAL_MATRIX)
def test_inbox_authorisation(
    request: pytest.FixtureRequest, sign_in: SignIn, referral: Referral, persona: str, sees_it: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    response = sign_in(user).get(reverse("referrals:inbox"))

    if not user.has_role(Role.PRACTITIONER, Role.MANAGER):
        # Commissioners and administrators have no inbox: the page does not exist for them, and nothing is audited.
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(purpose="referral inbox").exists()
        return
    assert response.status_code == 200
    assert [row.referral for row in response.context["rows"]] == ([referral] if sees_it else [])
    assert (referral.reference in response.content.decode()) == sees_it


def test_inbox_shows_the_columns_of_each_referral(sign_in: SignIn, practitioner: User, referral: Referral) -> None:
    response = sign_in(practitioner).get(reverse("referrals:inbox"))

    text = page_text(response)
    received = timezone.localtime(referral.received_at)
    assert (
        f"{referral.reference} Maria Okafor 40 Adult carers Routine GP practice "
        f"{received.day} {received:%b %Y} Waiting for a decision"
    ) in text
    assert "Waiting for a decision (1)" in text
    assert f'href="/referrals/{referral.reference}/"' in response.content.decode()


def test_inbox_filters_by_status_cohort_and_urgency_with_a_get_form(
    sign_in: SignIn, practitioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    urgent_parent = OpenReferralFactory.create(
        area=home_area, provider=carers_centre, cohort=Cohort.PARENT, urgency=Referral.Urgency.URGENT
    )
    OpenReferralFactory.create(area=home_area, provider=carers_centre, cohort=Cohort.ADULT)
    accepted = AcceptedReferralFactory.create(area=home_area, provider=carers_centre)
    client = sign_in(practitioner)

    filtered = client.get(reverse("referrals:inbox"), {"cohort": ["parent"], "urgency": ["urgent", "soon"]})
    accepted_page = client.get(reverse("referrals:inbox"), {"status": "accepted"})

    assert [row.referral for row in filtered.context["rows"]] == [urgent_parent]
    content = filtered.content.decode()
    assert '<form method="get" action="/referrals/" novalidate>' in content
    assert 'type="checkbox" id="id_cohort_3" checked name="cohort" value="parent"' in content
    assert 'type="radio" id="id_status_0" checked name="status" value="open"' in content
    assert "Remove this filter</span> Parent carers" in content
    assert [row.referral for row in accepted_page.context["rows"]] == [accepted]
    assert "Accepted (1)" in page_text(accepted_page)


def test_inbox_ignores_filter_values_that_are_not_choices(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    response = sign_in(practitioner).get(
        reverse("referrals:inbox"), {"status": "deleted", "cohort": "aliens", "sort": "password"}
    )

    assert response.status_code == 200
    assert [row.referral for row in response.context["rows"]] == [referral]
    assert "govuk-error-message" not in response.content.decode()


def test_inbox_sorts_on_the_server_with_links_that_keep_the_filters(
    sign_in: SignIn, practitioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    now = timezone.now()
    routine = OpenReferralFactory.create(area=home_area, provider=carers_centre, received_at=now - timedelta(days=2))
    urgent = OpenReferralFactory.create(
        area=home_area, provider=carers_centre, urgency=Referral.Urgency.URGENT, received_at=now - timedelta(days=1)
    )

    response = sign_in(practitioner).get(reverse("referrals:inbox"), {"sort": "received_at", "cohort": "adult"})

    assert [row.referral for row in response.context["rows"]] == [routine, urgent]
    content = response.content.decode()
    assert (
        'aria-sort="ascending"><a class="govuk-link govuk-link--no-visited-state" href="?sort=-received_at' in content
    )
    assert (
        'aria-sort="none"><a class="govuk-link govuk-link--no-visited-state" href="?sort=urgency&amp;cohort=adult"'
        in (content)
    )


def test_inbox_pages_50_referrals_at_a_time(
    sign_in: SignIn, practitioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    OpenReferralFactory.create_batch(51, area=home_area, provider=carers_centre)
    client = sign_in(practitioner)

    first = client.get(reverse("referrals:inbox"))
    second = client.get(reverse("referrals:inbox"), {"page": "2"})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 1
    assert '<nav class="govuk-pagination" aria-label="Pagination">' in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert 'aria-label="Page 2" aria-current="page"' in second.content.decode()


def _inbox_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("referrals:inbox"), {"sort": "family_name"})
    assert response.status_code == 200
    return len(queries)


def test_inbox_queries_do_not_grow_with_the_number_of_referrals(
    sign_in: SignIn, practitioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    client = sign_in(practitioner)
    client.get(reverse("referrals:inbox"))  # warm the session
    OpenReferralFactory.create_batch(3, area=home_area, provider=carers_centre)
    few = _inbox_queries(client)

    OpenReferralFactory.create_batch(27, area=home_area, provider=carers_centre)

    assert _inbox_queries(client) == few


def test_each_view_of_the_inbox_is_audited_with_the_referrals_shown(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    sign_in(practitioner).get(reverse("referrals:inbox"))

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED, purpose="referral inbox")
    assert (event.actor, event.detail) == (practitioner, {"references": [referral.reference]})
