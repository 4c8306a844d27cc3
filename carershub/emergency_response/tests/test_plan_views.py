"""Contingency plan pages (practitioners): who may see and change a plan (404 otherwise, nothing recorded), building
a plan with its contacts, the card PDF, the printed plan and the carer's copy, and the plan list with a constant number
of queries."""

from datetime import timedelta
from io import BytesIO

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.core.tests.pdf_checks import read_tagged_pdf
from carershub.emergency_response.models import ContingencyPlan, EmergencyCard, EmergencyLine
from carershub.emergency_response.services.plans import add_emergency_contact
from carershub.emergency_response.tests.factories import active_plan, carer_worked_with
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import OrganisationFactory
from carershub.people.models import Person

PLAN_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_provider"),
    pytest.param("manager", True, id="manager_of_the_provider"),
    pytest.param("council_practitioner", True, id="council_practitioner_in_the_area"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
    pytest.param("responder", False, id="emergency_responder"),
]


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council, email="council@test.example", full_name="Council", roles=[Role.PRACTITIONER], created_by=None
    )


@pytest.mark.parametrize(("persona", "may_see"), PLAN_MATRIX)
@pytest.mark.parametrize("page", ["plan", "edit_plan", "add_contact", "confirm", "print", "card", "plan_pdf"])
def test_plan_pages_are_seen_only_by_staff_who_may_see_the_carer(
    request: pytest.FixtureRequest, sign_in: SignIn, plan: ContingencyPlan, persona: str, may_see: bool, page: str
) -> None:
    user: User = request.getfixturevalue(persona)
    client = sign_in(user)
    before = AuditEvent.objects.count()
    response = client.get(reverse(f"emergency_response:{page}", args=[plan.pk]))
    if may_see:
        assert response.status_code == 200
        assert AuditEvent.objects.filter(actor=user, subject_id=str(plan.carer_id)).exists()
    else:
        assert response.status_code == 404
        assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(("persona", "may_see"), PLAN_MATRIX)
@pytest.mark.parametrize("action", ["reissue", "withdraw"])
def test_plan_actions_are_refused_to_staff_who_may_not_see_the_carer(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    plan: ContingencyPlan,
    card: EmergencyCard,
    persona: str,
    may_see: bool,
    action: str,
) -> None:
    user: User = request.getfixturevalue(persona)
    response = sign_in(user).post(reverse(f"emergency_response:{action}", args=[plan.pk]))
    card.refresh_from_db()
    if may_see:
        assert response.status_code == 302
        assert not card.is_active()
    else:
        assert response.status_code == 404
        assert card.is_active()


def test_a_practitioner_builds_a_plan_with_two_contacts_and_makes_it_active(
    sign_in: SignIn, practitioner: User, carer_with_open_case: Person, line: EmergencyLine
) -> None:
    client = sign_in(practitioner)
    cared_for = carer_with_open_case.caring_for.get().cared_for
    response = client.post(
        reverse("emergency_response:new_plan", args=[carer_with_open_case.pk]),
        {"cared_for": cared_for.pk, "medication": "Tablets in the kitchen", "key_safe": "1234"},
    )
    plan = ContingencyPlan.objects.get(carer=carer_with_open_case)
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.medication == "Tablets in the kitchen"
    assert plan.has_key_safe()
    for name in ("Sam Turner", "Jo Patel"):
        response = client.post(
            reverse("emergency_response:add_contact", args=[plan.pk]),
            {
                "name": name,
                "relationship": "Friend",
                "phone": "07700 900 321",
                "consent_given": "on",
                "accepted_role": "on",
            },
        )
        assert response.status_code == 302
    review = timezone.localdate() + timedelta(days=200)
    response = client.post(
        reverse("emergency_response:confirm", args=[plan.pk]),
        {"review_date_day": review.day, "review_date_month": review.month, "review_date_year": review.year},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ContingencyPlan.Status.ACTIVE
    card = plan.cards.get()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert card.formatted_number in page
    assert "Sam Turner" in page
    assert "1234" not in page.replace(card.formatted_number, "")  # the key safe is never shown to practitioners


def test_a_contact_without_consent_is_not_added_and_the_error_is_at_the_field(
    sign_in: SignIn, practitioner: User, plan: ContingencyPlan
) -> None:
    response = sign_in(practitioner).post(
        reverse("emergency_response:add_contact", args=[plan.pk]),
        {"name": "Kim", "relationship": "Friend", "phone": "07700 900 321", "accepted_role": "on"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The contact must agree to their details being held and to being contacted" in page
    assert plan.contacts.count() == 2


def test_the_card_pdf_has_two_credit_card_pages_with_the_number_and_no_personal_details(
    sign_in: SignIn, practitioner: User, plan: ContingencyPlan, card: EmergencyCard
) -> None:
    response = sign_in(practitioner).get(reverse("emergency_response:card", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = read_tagged_pdf(pdf).text
    with pikepdf.open(BytesIO(pdf)) as document:
        sizes = {tuple(round(float(side) * 25.4 / 72, 1) for side in page.mediabox[2:]) for page in document.pages}
        assert (len(document.pages), sizes) == (2, {(85.6, 54.0)})  # front and back, credit-card size
    assert card.formatted_number in text
    assert "0808 157 0100" in text
    for personal in (plan.carer.family_name, plan.carer.given_name, plan.cared_for.family_name, plan.carer.postcode):
        assert personal not in text
        assert personal.encode() not in pdf


def test_the_print_page_has_the_plan_but_never_the_key_safe(
    sign_in: SignIn, practitioner: User, plan: ContingencyPlan, card: EmergencyCard
) -> None:
    page = sign_in(practitioner).get(reverse("emergency_response:print", args=[plan.pk])).content.decode()
    assert card.formatted_number in page
    assert "Contact 1" in page
    assert "Blister pack" in page
    assert "Brightwater Home Care for up to 72 hours" in page  # the pre-agreed replacement care
    assert "4791" not in page
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED, purpose="printed for the carer").count() == 1


def test_the_carers_copy_pdf_has_contacts_replacement_care_and_needs_but_never_the_key_safe(
    sign_in: SignIn, practitioner: User, plan: ContingencyPlan, card: EmergencyCard
) -> None:
    ContingencyPlan.objects.filter(pk=plan.pk).update(pets="Cat — “Tigger”, fed twice a day")
    response = sign_in(practitioner).get(reverse("emergency_response:plan_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="emergency-plan-{plan.pk}.pdf"'
    pdf = response.content
    tagged = read_tagged_pdf(pdf)
    text = tagged.text
    assert tagged.title == f"Emergency plan for {plan.cared_for.full_name}"
    assert "My emergency plan" in text
    assert card.formatted_number in text
    assert "0808 157 0100" in text
    assert text.index("Contact 1 (") < text.index("Contact 2 (")  # in the order to call them
    assert "Brightwater Home Care for up to 72 hours" in text
    assert "Blister pack in the kitchen cupboard" in text
    assert "Cat — “Tigger”, fed twice a day" in text  # every character kept, not Latin-1 look-alikes
    assert "4791" not in text
    assert b"4791" not in pdf
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORTED, purpose="plan PDF for the carer")
    assert (event.actor, event.subject_id) == (practitioner, str(plan.carer_id))


def test_the_plan_list_shows_only_visible_plans_in_a_constant_number_of_queries(
    sign_in: SignIn,
    practitioner: User,
    other_team_practitioner: User,
    home_area: Area,
    carers_centre: Organisation,
    young_carers_service: Organisation,
    plan: ContingencyPlan,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    other = active_plan(carer_worked_with(home_area, young_carers_service), by=other_team_practitioner)
    client = sign_in(practitioner)
    client.get(reverse("emergency_response:plans"))  # warm the session
    with django_assert_num_queries(8) as captured:
        page = client.get(reverse("emergency_response:plans")).content.decode()
    assert plan.get_absolute_url() in page
    assert other.get_absolute_url() not in page
    for _ in range(3):
        active_plan(carer_worked_with(home_area, carers_centre), by=practitioner)
    with django_assert_num_queries(len(captured.captured_queries)):
        client.get(reverse("emergency_response:plans"))


def _icb_user(home_area: Area, role: Role) -> User:
    icb = OrganisationFactory.create(
        name="Vale ICB", slug=f"vale-icb-{role}", kind=Organisation.Kind.ICB, areas=[home_area]
    )
    return create_staff_user(icb, email=f"icb-{role}@test.example", full_name="ICB", roles=[role], created_by=None)


@pytest.mark.parametrize(
    ("persona", "works_on_plans"),
    [
        pytest.param("practitioner", True, id="practitioner_of_a_provider"),
        pytest.param("manager", True, id="manager_of_a_provider"),
        pytest.param("council_practitioner", True, id="practitioner_of_the_council"),
        pytest.param("neighbour_practitioner", True, id="practitioner_in_another_area"),
        pytest.param("commissioner", False, id="commissioner_of_the_council"),
        pytest.param("icb_commissioner", False, id="commissioner_of_the_icb"),
        pytest.param("icb_practitioner", False, id="practitioner_role_at_the_icb"),
        pytest.param("administrator", False, id="administrator"),
        pytest.param("responder", False, id="emergency_responder"),
    ],
)
def test_the_plan_list_is_only_for_staff_who_do_contingency_planning(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    home_area: Area,
    plan: ContingencyPlan,
    persona: str,
    works_on_plans: bool,
) -> None:
    if persona.startswith("icb_"):
        user = _icb_user(home_area, Role.COMMISSIONER if persona == "icb_commissioner" else Role.PRACTITIONER)
    else:
        user = request.getfixturevalue(persona)
    client = sign_in(user)
    before = AuditEvent.objects.count()
    response = client.get(reverse("emergency_response:plans"))
    listed = AuditEvent.objects.filter(actor=user, purpose="contingency plans list")
    if works_on_plans:
        assert response.status_code == 200
        assert listed.count() == 1
    else:
        assert response.status_code == 404
        assert plan.get_absolute_url() not in response.content.decode()
        assert AuditEvent.objects.count() == before  # nothing recorded, not even an empty list


def test_the_plan_page_shows_the_pre_agreed_replacement_care_and_writes_gp_in_capitals(
    sign_in: SignIn, practitioner: User, plan: ContingencyPlan
) -> None:
    ContingencyPlan.objects.filter(pk=plan.pk).update(replacement_care="Crossroads sitting service for 48 hours")

    page = sign_in(practitioner).get(reverse("emergency_response:plan", args=[plan.pk])).content.decode()

    assert "If nobody can step in: pre-agreed replacement care" in page
    assert "Crossroads sitting service for 48 hours" in page
    assert "GP and key professionals" in page
    assert "Gp and" not in page


def test_the_plan_page_offers_another_contact_only_below_the_limit_from_the_rules(
    sign_in: SignIn, practitioner: User, plan: ContingencyPlan
) -> None:
    client = sign_in(practitioner)
    add_link = f'href="{reverse("emergency_response:add_contact", args=[plan.pk])}"'
    assert add_link in client.get(plan.get_absolute_url()).content.decode()  # two of three
    add_emergency_contact(
        plan,
        by=practitioner,
        name="Contact 3",
        relationship="Neighbour",
        phone="07700 900 103",
        consent_given=True,
        accepted_role=True,
    )
    assert add_link not in client.get(plan.get_absolute_url()).content.decode()


def test_no_page_asks_people_to_type_an_address_to_start_a_plan_or_lift_a_pause(
    sign_in: SignIn, practitioner: User, manager: User, plan: ContingencyPlan
) -> None:
    practitioners_list = sign_in(practitioner).get(reverse("emergency_response:plans")).content.decode()
    assert "/emergency/people/" not in practitioners_list
    assert reverse("people:search") in practitioners_list
    assert reverse("emergency_response:paused_lookups") not in practitioners_list
    managers_list = sign_in(manager).get(reverse("emergency_response:plans")).content.decode()
    assert reverse("emergency_response:paused_lookups") in managers_list
