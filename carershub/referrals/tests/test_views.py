"""Referral pages: an authorisation matrix for every page and action, audit of views, the inbox's filters, sorting
and paging with a constant number of queries, and the GOV.UK error summary on bad input."""

import html
import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Consent, Involvement, Person
from carershub.people.selectors import has_consent_to_share
from carershub.people.tests.factories import PersonFactory
from carershub.referrals.models import Cohort, Referral, Transfer
from carershub.referrals.services.making import submit_referral
from carershub.referrals.tests.factories import (
    AcceptedReferralFactory,
    OpenReferralFactory,
    RoutingRuleFactory,
    young_carer_submission,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

# Who may see a referral routed to the carers centre in the home area (the council keeps the statutory duty).
REFERRAL_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_provider"),
    pytest.param("manager", True, id="manager_of_the_provider"),
    pytest.param("council_practitioner", True, id="council_practitioner_in_the_area"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]
# Who may decide on it: only the provider it is routed to. The council sees it but does not decide.
DECISION_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_provider"),
    pytest.param("manager", True, id="manager_of_the_provider"),
    pytest.param("council_practitioner", False, id="council_practitioner_in_the_area"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    """The home area's carers' services: adult carers to the carers centre, young carers to the young carers service."""
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council, email="social-worker@test.example", full_name="Sam Social", roles=[Role.PRACTITIONER], created_by=None
    )


@pytest.fixture
def referral(home_area: Area, carers_centre: Organisation) -> Referral:
    return OpenReferralFactory.create(
        area=home_area,
        provider=carers_centre,
        carer=PersonFactory.create(
            area=home_area, given_name="Maria", family_name="Okafor", nhs_number="9990000018", postcode="MV1 2AB"
        ),
        source=Referral.Source.GP_PRACTICE,
        referrer_name="Dr Patel",
        referrer_email="surgery@example.com",
    )


def _viewed() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED))


def _text(response: "TestResponse") -> str:
    """The page's text with tags removed and spaces collapsed, for asserting what a person reads."""
    content = response.content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


# --- The inbox ------------------------------------------------------------------------------------------------------


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

    text = _text(response)
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
    assert "Accepted (1)" in _text(accepted_page)


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


# --- A referral -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "sees_it"), REFERRAL_MATRIX)
def test_referral_detail_authorisation_and_audit(
    request: pytest.FixtureRequest, sign_in: SignIn, referral: Referral, persona: str, sees_it: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    response = sign_in(user).get(reverse("referrals:detail", args=[referral.reference]))

    assert response.status_code == (200 if sees_it else 404)
    if sees_it:
        [event] = _viewed()
        assert (event.actor, event.subject_type, event.subject_id, event.area) == (
            user,
            "people.person",
            str(referral.carer_id),
            referral.area,
        )
        assert (event.purpose, event.detail) == ("referral review", {"referral": referral.reference})
    else:
        assert _viewed() == []


def test_a_missing_referral_gives_the_same_404_page(sign_in: SignIn, practitioner: User) -> None:
    response = sign_in(practitioner).get(reverse("referrals:detail", args=["RNOSUCHONE"]))

    assert response.status_code == 404
    assert _viewed() == []


def test_referral_detail_shows_the_referral_the_carer_and_how_to_contact_the_referrer(
    sign_in: SignIn, practitioner: User, referral: Referral, young_carers_service: Organisation, routing: None
) -> None:
    response = sign_in(practitioner).get(reverse("referrals:detail", args=[referral.reference]))

    text = _text(response)
    assert "Referred by Dr Patel" in text
    assert "How to contact the referrer surgery@example.com" in text
    assert f"Why the carer needs support {referral.reason}" in text
    assert f'<a class="govuk-link" href="/people/{referral.carer_id}/">Maria Okafor</a>' in response.content.decode()
    assert "Accept referral" in text
    assert "Reject referral" in text
    assert "Transfer referral" in text


def test_referral_detail_names_people_the_user_may_not_see_without_a_link(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    # Once the provider's work with the carer ends, its referral shows the carer as referred, not the record.
    Referral.objects.filter(pk=referral.pk).update(carer_name_as_referred="Maria Okafor (as referred)")
    Involvement.objects.filter(person=referral.carer).update(ended_at=timezone.now())

    response = sign_in(practitioner).get(reverse("referrals:detail", args=[referral.reference]))

    assert "Maria Okafor (as referred)" in response.content.decode()
    assert f'href="/people/{referral.carer_id}/"' not in response.content.decode()
    assert referral.carer.phone not in response.content.decode()


def test_a_decided_referral_offers_no_decisions(sign_in: SignIn, practitioner: User, home_area: Area) -> None:
    accepted = AcceptedReferralFactory.create(area=home_area, provider=practitioner.organisation)

    response = sign_in(practitioner).get(reverse("referrals:detail", args=[accepted.reference]))

    assert "Accept referral" not in _text(response)
    assert "Decide on this referral" not in _text(response)


# --- Accepting ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "allowed"), DECISION_MATRIX)
def test_accept_authorisation(
    request: pytest.FixtureRequest, sign_in: SignIn, referral: Referral, persona: str, allowed: bool
) -> None:
    client = sign_in(request.getfixturevalue(persona))
    events_before = AuditEvent.objects.count()

    response = client.post(reverse("referrals:accept", args=[referral.reference]))

    referral.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert response["Location"] == f"/referrals/{referral.reference}/"
        assert referral.status == Referral.Status.ACCEPTED
    else:
        assert response.status_code == 404
        assert referral.status == Referral.Status.OPEN
        assert AuditEvent.objects.count() == events_before


def test_accept_shows_a_success_banner_after_the_redirect(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    response = sign_in(practitioner).post(reverse("referrals:accept", args=[referral.reference]), follow=True)

    text = _text(response)
    assert f"Success Referral {referral.reference} accepted: Home Carers Centre now has a case open" in text
    # The next step is the carer's assessment, started from the referral.
    assert f'href="{reverse("assessments:start")}?referral={referral.reference}"' in response.content.decode()


def test_accept_refuses_a_get(sign_in: SignIn, practitioner: User, referral: Referral) -> None:
    response = sign_in(practitioner).get(reverse("referrals:accept", args=[referral.reference]))

    assert response.status_code == 405
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN


def test_accepting_a_decided_referral_says_so_and_changes_nothing(
    sign_in: SignIn, practitioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    accepted = AcceptedReferralFactory.create(area=home_area, provider=carers_centre)

    response = sign_in(practitioner).post(reverse("referrals:accept", args=[accepted.reference]), follow=True)

    assert f"Important Referral {accepted.reference} has already been decided" in _text(response)
    accepted.refresh_from_db()
    assert accepted.decided_by is None  # an accept that went through would name the practitioner
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).exists()


@pytest.fixture
def child_agreeing_alone(routing: None, home_area: Area) -> Referral:
    """A 13-year-old who agreed to their own referral; nobody has judged yet whether they could."""
    return submit_referral(
        young_carer_submission(home_area, consent_given_by=Consent.GivenBy.PENDING_COMPETENCE_JUDGEMENT),
        submitted_by=None,
    )


def test_accepting_a_child_who_agreed_alone_asks_for_the_competence_judgement_and_changes_nothing(
    sign_in: SignIn, other_team_practitioner: User, child_agreeing_alone: Referral
) -> None:
    client = sign_in(other_team_practitioner)
    page = client.get(child_agreeing_alone.get_absolute_url())
    assert "Does the young person understand enough to agree for themselves?" in _text(page)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]

    response = client.post(reverse("referrals:accept", args=[child_agreeing_alone.reference]))

    assert response.status_code == 200
    assert "There is a problem" in _text(response)
    assert "Select whether the young person understands enough to agree for themselves" in _text(response)
    child_agreeing_alone.refresh_from_db()
    assert child_agreeing_alone.status == Referral.Status.OPEN
    assert set(Consent.objects.values_list("given_by", flat=True)) == {"pending_competence"}
    # Only the page view is recorded: nothing changed.
    assert list(AuditEvent.objects.filter(pk__gt=last_event).values_list("kind", flat=True)) == [
        AuditEvent.Kind.RECORD_VIEWED
    ]


@pytest.mark.parametrize(
    ("answer", "given_by", "outcome", "withdrawn"),
    [
        pytest.param("yes", "competence_judgement", "competent", False, id="competent"),
        pytest.param("no", "pending_competence", "not_competent", True, id="not_competent"),
    ],
)
def test_accepting_records_who_judged_the_childs_competence_when_and_what_they_decided(
    sign_in: SignIn,
    other_team_practitioner: User,
    child_agreeing_alone: Referral,
    young_carers_service: Organisation,
    answer: str,
    given_by: str,
    outcome: str,
    withdrawn: bool,
) -> None:
    response = sign_in(other_team_practitioner).post(
        reverse("referrals:accept", args=[child_agreeing_alone.reference]),
        {"accept-young_person_is_competent": answer},
    )

    assert response.status_code == 302
    child_agreeing_alone.refresh_from_db()
    assert child_agreeing_alone.status == Referral.Status.ACCEPTED
    consents = list(Consent.objects.filter(person=child_agreeing_alone.carer))
    assert len(consents) == 2  # registration and sharing with providers
    for consent in consents:
        assert (consent.given_by, consent.competence_outcome, consent.competence_judged_by) == (
            given_by,
            outcome,
            other_team_practitioner,
        )
        assert consent.competence_judged_at == child_agreeing_alone.decided_at
        assert (consent.withdrawn_at is not None) == withdrawn
    assert has_consent_to_share(child_agreeing_alone.carer, young_carers_service) is not withdrawn


def test_a_child_who_agreed_alone_counts_as_no_consent_to_share_until_judged(
    child_agreeing_alone: Referral, young_carers_service: Organisation
) -> None:
    assert not has_consent_to_share(child_agreeing_alone.carer, young_carers_service)


# --- Rejecting ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "allowed"), DECISION_MATRIX)
def test_reject_authorisation(
    request: pytest.FixtureRequest, sign_in: SignIn, referral: Referral, persona: str, allowed: bool
) -> None:
    client = sign_in(request.getfixturevalue(persona))
    events_before = AuditEvent.objects.count()

    response = client.post(
        reverse("referrals:reject", args=[referral.reference]), {"reject-reason": "Lives outside the area"}
    )

    referral.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert (referral.status, referral.rejection_reason) == (Referral.Status.REJECTED, "Lives outside the area")
    else:
        assert response.status_code == 404
        assert referral.status == Referral.Status.OPEN
        assert AuditEvent.objects.count() == events_before


def test_reject_without_a_reason_shows_the_error_summary_and_changes_nothing(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    response = sign_in(practitioner).post(
        reverse("referrals:reject", args=[referral.reference]), {"reject-reason": " "}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Referral" in content
    assert '<a href="#id_reject-reason">Enter why the referral is being rejected</a>' in content
    assert 'class="govuk-textarea govuk-textarea--error"' in content
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).exists()


def test_reject_with_a_reason_that_is_too_long_keeps_what_was_typed(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    typed = "Too long. " * 201

    response = sign_in(practitioner).post(
        reverse("referrals:reject", args=[referral.reference]), {"reject-reason": typed}
    )

    assert "Reason must be 2000 characters or fewer" in _text(response)
    assert typed.strip() in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN


# --- Transferring ---------------------------------------------------------------------------------------------------


def _transfer(client: Client, referral: Referral, to_provider: Organisation, **extra: str) -> "TestResponse":
    data = {"transfer-to_provider": str(to_provider.pk), "transfer-reason": "The carer is 17", **extra}
    return client.post(reverse("referrals:transfer", args=[referral.reference]), data)


@pytest.mark.parametrize(("persona", "allowed"), DECISION_MATRIX)
def test_transfer_authorisation(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    referral: Referral,
    young_carers_service: Organisation,
    persona: str,
    allowed: bool,
    routing: None,
) -> None:
    client = sign_in(request.getfixturevalue(persona))
    Consent.objects.create(
        area=referral.area,
        person=referral.carer,
        scope=Consent.Scope.SHARE,
        organisation=young_carers_service,
        given_by=Consent.GivenBy.SELF,
        given_at=timezone.now(),
    )
    events_before = AuditEvent.objects.count()

    response = _transfer(client, referral, young_carers_service)

    referral.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert referral.provider == young_carers_service
    else:
        assert response.status_code == 404
        assert not Transfer.objects.exists()
        assert AuditEvent.objects.count() == events_before


def test_a_provider_that_transfers_a_referral_away_goes_back_to_its_inbox(
    sign_in: SignIn, practitioner: User, referral: Referral, young_carers_service: Organisation, routing: None
) -> None:
    Consent.objects.create(
        area=referral.area,
        person=referral.carer,
        scope=Consent.Scope.SHARE,
        recipient_kind=Consent.RecipientKind.PROVIDER,
        given_by=Consent.GivenBy.SELF,
        given_at=timezone.now(),
    )

    response = _transfer(sign_in(practitioner), referral, young_carers_service)

    assert response["Location"] == "/referrals/"


def test_transfer_without_consent_tells_a_practitioner_to_ask_and_changes_nothing(
    sign_in: SignIn, practitioner: User, referral: Referral, young_carers_service: Organisation, routing: None
) -> None:
    response = _transfer(sign_in(practitioner), referral, young_carers_service)

    assert response.status_code == 200
    text = _text(response)
    assert (
        "There is a problem The carer has not agreed to share their information with Home Young Carers. "
        "Ask them, or a manager can override with a reason"
    ) in text
    assert "Reason to share without the carer's consent" not in text  # a practitioner may not override
    assert "The carer is 17" in text  # what was typed is kept
    referral.refresh_from_db()
    assert referral.provider.slug == "home-carers-centre"
    assert not Transfer.objects.exists()


def test_a_manager_transfers_without_consent_by_giving_a_reason(
    sign_in: SignIn, manager: User, referral: Referral, young_carers_service: Organisation, routing: None
) -> None:
    client = sign_in(manager)
    form_page = client.get(reverse("referrals:detail", args=[referral.reference]))

    without_reason = _transfer(client, referral, young_carers_service)
    with_reason = _transfer(client, referral, young_carers_service, **{"transfer-override_reason": "Risk of harm"})

    assert "Home Young Carers (the carer has not agreed to share with them)" in _text(form_page)
    assert "Reason to share without the carer's consent" in _text(form_page)
    assert '<a href="#id_transfer-override_reason">Enter why the referral must be shared without consent</a>' in (
        without_reason.content.decode()
    )
    assert with_reason.status_code == 302
    transfer = Transfer.objects.get()
    assert (transfer.consent_overridden, transfer.override_reason) == (True, "Risk of harm")


def test_transfer_to_a_provider_outside_the_choices_is_a_field_error(
    sign_in: SignIn,
    manager: User,
    referral: Referral,
    young_carers_service: Organisation,
    neighbour_provider: Organisation,
    routing: None,
) -> None:
    response = _transfer(sign_in(manager), referral, neighbour_provider)

    assert '<a href="#id_transfer-to_provider_0">Select a provider that works in this area</a>' in (
        response.content.decode()
    )
    assert not Transfer.objects.exists()


def test_referral_detail_lists_its_transfers(
    sign_in: SignIn,
    council_practitioner: User,
    manager: User,
    referral: Referral,
    young_carers_service: Organisation,
    routing: None,
) -> None:
    _transfer(sign_in(manager), referral, young_carers_service, **{"transfer-override_reason": "Risk of harm"})

    response = sign_in(council_practitioner).get(reverse("referrals:detail", args=[referral.reference]))

    text = _text(response)
    assert "Home Carers Centre Home Young Carers The carer is 17 Shared without consent Risk of harm" in text


# --- Merging a duplicate record -------------------------------------------------------------------------------------


@pytest.fixture
def existing_record(referral: Referral, carers_centre: Organisation) -> Person:
    """An earlier record of the same carer (same NHS number), which the provider already works with."""
    existing = PersonFactory.create(
        area=referral.area, given_name="Maria", family_name="Okafor", nhs_number="9990000018", postcode="MV1 2AB"
    )
    Involvement.objects.create(
        area=referral.area,
        person=existing,
        organisation=carers_centre,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now(),
    )
    return existing


def test_referral_detail_offers_managers_to_merge_a_likely_duplicate(
    sign_in: SignIn, manager: User, practitioner: User, referral: Referral, existing_record: Person
) -> None:
    merge_link = f'href="/referrals/{referral.reference}/duplicates/{existing_record.pk}/"'

    as_manager = sign_in(manager).get(reverse("referrals:detail", args=[referral.reference]))
    as_practitioner = sign_in(practitioner).get(reverse("referrals:detail", args=[referral.reference]))

    assert [person.pk for person in as_manager.context["duplicates"]] == [existing_record.pk]
    assert merge_link in as_manager.content.decode()
    assert "Possible duplicate records" in _text(as_practitioner)
    assert merge_link not in as_practitioner.content.decode()


def test_likely_duplicates_the_user_may_not_see_are_not_shown(
    sign_in: SignIn, manager: User, referral: Referral
) -> None:
    PersonFactory.create(area=referral.area, given_name="Maria", family_name="Okafor", nhs_number="9990000018")

    response = sign_in(manager).get(reverse("referrals:detail", args=[referral.reference]))

    assert response.context["duplicates"] == []
    assert "Possible duplicate records" not in _text(response)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        pytest.param("manager", True, id="manager_of_the_provider"),
        pytest.param("practitioner", False, id="practitioner_of_the_provider"),
        pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
        pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
    ],
)
def test_merge_authorisation(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    referral: Referral,
    existing_record: Person,
    persona: str,
    allowed: bool,
) -> None:
    user: User = request.getfixturevalue(persona)
    client = sign_in(user)
    url = reverse("referrals:confirm_merge", args=[referral.reference, existing_record.pk])

    confirmation = client.get(url)
    events_after_confirmation = AuditEvent.objects.count()
    merged = client.post(reverse("referrals:merge", args=[referral.reference, existing_record.pk]))

    referral.carer.refresh_from_db()
    if allowed:
        assert confirmation.status_code == 200
        assert "Merge records" in _text(confirmation)
        viewed = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED, purpose="duplicate check")
        assert viewed.subject_id == str(existing_record.pk)
        assert merged.status_code == 302
        assert referral.carer.merged_into == existing_record
    else:
        assert (confirmation.status_code, merged.status_code) == (404, 404)
        assert referral.carer.merged_into is None
        assert AuditEvent.objects.count() == events_after_confirmation
        assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).exists()


def test_merge_only_into_a_likely_duplicate(sign_in: SignIn, manager: User, referral: Referral) -> None:
    somebody_else = PersonFactory.create(area=referral.area)
    Involvement.objects.create(
        area=referral.area,
        person=somebody_else,
        organisation=referral.provider,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now(),
    )

    response = sign_in(manager).post(reverse("referrals:merge", args=[referral.reference, somebody_else.pk]))

    assert response.status_code == 404
    referral.carer.refresh_from_db()
    assert referral.carer.merged_into is None


def test_after_a_merge_the_referral_points_to_the_record_it_was_merged_into(
    sign_in: SignIn, manager: User, referral: Referral, existing_record: Person
) -> None:
    client = sign_in(manager)

    response = client.post(reverse("referrals:merge", args=[referral.reference, existing_record.pk]), follow=True)

    text = _text(response)
    assert f"The carer's record from referral {referral.reference} was merged into Maria Okafor" in text
    assert "This record was merged into another record of Maria Okafor" in text
    assert f'href="/people/{existing_record.pk}/"' in response.content.decode()


def test_each_view_of_the_inbox_is_audited_with_the_referrals_shown(
    sign_in: SignIn, practitioner: User, referral: Referral
) -> None:
    sign_in(practitioner).get(reverse("referrals:inbox"))

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED, purpose="referral inbox")
    assert (event.actor, event.detail) == (practitioner, {"references": [referral.reference]})


def test_council_staff_see_a_providers_referral_without_the_decision_forms(
    request: pytest.FixtureRequest, sign_in: SignIn, referral: Referral
) -> None:
    response = sign_in(request.getfixturevalue("council_practitioner")).get(
        reverse("referrals:detail", args=[referral.reference])
    )
    assert response.status_code == 200
    assert "Decide on this referral" not in _text(response)


def test_the_person_record_lists_the_referrals_about_them_the_user_may_see(
    sign_in: SignIn,
    practitioner: User,
    home_area: Area,
    carers_centre: Organisation,
    young_carers_service: Organisation,
) -> None:
    # The referrals panel is registered on the person's record by this app (ADR 0005); it shows only what the user
    # may see of the referrals about the person.
    carer = PersonFactory.create(area=home_area)
    Involvement.objects.create(
        person=carer,
        organisation=carers_centre,
        area=home_area,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now(),
    )
    mine = OpenReferralFactory.create(area=home_area, provider=carers_centre, carer=carer)
    theirs = OpenReferralFactory.create(area=home_area, provider=young_carers_service, carer=carer)

    response = sign_in(practitioner).get(reverse("people:detail", args=[carer.pk]))

    (referrals_panel,) = [p for p in response.context["panels"] if p.template == "referrals/panels/referrals.html"]
    assert referrals_panel.context["referrals"] == [mine]
    assert mine.reference in response.content.decode()
    assert theirs.reference not in response.content.decode()
