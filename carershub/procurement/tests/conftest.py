"""A consortium to buy packages through, on top of the shared personas: the home council leads an arrangement with
one category serving the home area and a questionnaire; three suppliers are admitted members; a social worker at
the council knows a child in the home area; a second commissioner assesses with the persona commissioner."""

from dataclasses import dataclass

import pytest

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import ProviderFactory
from carershub.people.models import Person
from carershub.people.tests.factories import PersonFactory, born_years_ago
from carershub.procurement.models import Category, Membership, PurchasingArrangement, Question, Supplier
from carershub.procurement.tests.factories import (
    ArrangementFactory,
    CategoryFactory,
    MembershipFactory,
    QuestionFactory,
    SupplierFactory,
    WindowFactory,
)

PASSWORD = "correct horse battery staple"


def staff(organisation: Organisation, email: str, *roles: Role) -> User:
    return create_staff_user(
        organisation,
        email=email,
        full_name=email.split("@")[0].title(),
        roles=roles,
        created_by=None,
        password=PASSWORD,
    )


@dataclass(frozen=True)
class Consortium:
    arrangement: PurchasingArrangement
    category: Category
    questions: tuple[Question, ...]
    suppliers: tuple[Supplier, ...]
    supplier_users: tuple[User, ...]
    memberships: tuple[Membership, ...]


@pytest.fixture
def social_worker(council: Organisation) -> User:
    return staff(council, "social-worker@test.example", Role.PRACTITIONER)


@pytest.fixture
def second_assessor(council: Organisation) -> User:
    return staff(council, "assessor@test.example", Role.COMMISSIONER)


@pytest.fixture
def child(home_area: Area) -> Person:
    return PersonFactory.create(
        area=home_area, given_name="Kieran", family_name="Zebedee", date_of_birth=born_years_ago(13)
    )


@pytest.fixture
def consortium(council: Organisation, home_area: Area) -> Consortium:
    arrangement = ArrangementFactory.create(lead_authority=council, reference="DPS-HOME")
    category = CategoryFactory.create(arrangement=arrangement, name="Care and support packages", areas=[home_area])
    WindowFactory.create(arrangement=arrangement)
    questions = (
        QuestionFactory.create(
            arrangement=arrangement,
            kind=Question.Kind.MANDATORY_EXCLUSION,
            text="Convicted of fraud?",
            weight=0,
            max_mark=0,
            minimum_mark=0,
        ),
        QuestionFactory.create(
            arrangement=arrangement,
            kind=Question.Kind.PASS_FAIL,
            text="Can you serve young people up to 25?",
            weight=0,
            max_mark=0,
            minimum_mark=0,
        ),
        QuestionFactory.create(arrangement=arrangement, text="Safeguarding", weight=60, max_mark=5, minimum_mark=3),
        QuestionFactory.create(arrangement=arrangement, text="Workforce", weight=40, max_mark=5, minimum_mark=2),
    )
    suppliers, users, memberships = [], [], []
    for number, name in enumerate(("Alder Care", "Birch Support", "Cedar Living"), start=1):
        organisation = ProviderFactory.create(name=name, slug=f"supplier-{number}", areas=[home_area])
        supplier = SupplierFactory.create(organisation=organisation)
        suppliers.append(supplier)
        users.append(staff(organisation, f"bids{number}@test.example", Role.SUPPLIER))
        memberships.append(MembershipFactory.create(supplier=supplier, category=category))
    return Consortium(arrangement, category, questions, tuple(suppliers), tuple(users), tuple(memberships))
