"""The team's plan list pages forward and back without counting every plan (core.pagination.uncounted_page)."""

import pytest
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Organisation
from carershub.support_plans.models import SupportPlan
from carershub.support_plans.tests.factories import agreed_plan, eligible_assessment
from carershub.support_plans.views import reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_plans(carers_centre: Organisation, practitioner: User, monkeypatch: pytest.MonkeyPatch) -> list[SupportPlan]:
    monkeypatch.setattr(reviews, "PAGE_SIZE", 2)
    plans = [agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner) for _ in range(3)]
    return sorted(plans, key=lambda plan: (plan.updated_at, plan.pk), reverse=True)


def _listed(content: str, plans: list[SupportPlan]) -> list[str]:
    return [plan.reference for plan in plans if f">{plan.reference} v{plan.version}</a>" in content]


def test_the_first_page_shows_the_most_recently_changed_and_links_to_the_next(
    sign_in: SignIn, practitioner: User, three_plans: list[SupportPlan]
) -> None:
    content = sign_in(practitioner).get(reverse("support_plans:list")).content.decode()

    assert _listed(content, three_plans) == [three_plans[0].reference, three_plans[1].reference]
    assert "Plans 1 to 2, most recently changed first" in content
    assert 'href="?page=2" rel="next"' in content
    assert 'rel="prev"' not in content


def test_the_last_page_links_back_and_not_forward(
    sign_in: SignIn, practitioner: User, three_plans: list[SupportPlan]
) -> None:
    content = sign_in(practitioner).get(reverse("support_plans:list") + "?page=2").content.decode()

    assert _listed(content, three_plans) == [three_plans[2].reference]
    assert "Plans 3 to 3, most recently changed first" in content
    assert 'href="?page=1" rel="prev"' in content
    assert 'rel="next"' not in content


@pytest.mark.parametrize("asked", ["abc", "0", "-4", "1.5"])
def test_a_page_number_that_is_not_one_shows_the_first_page(
    sign_in: SignIn, practitioner: User, three_plans: list[SupportPlan], asked: str
) -> None:
    response = sign_in(practitioner).get(reverse("support_plans:list"), {"page": asked})

    assert response.status_code == 200
    assert _listed(response.content.decode(), three_plans)[:1] == [three_plans[0].reference]


def test_a_page_past_the_end_says_there_are_no_more_and_links_to_the_start(
    sign_in: SignIn, practitioner: User, three_plans: list[SupportPlan]
) -> None:
    response = sign_in(practitioner).get(reverse("support_plans:list"), {"page": "9"})

    assert response.status_code == 200
    content = response.content.decode()
    assert _listed(content, three_plans) == []
    assert "There are no more plans." in content
    assert f'href="{reverse("support_plans:list")}">Go to the most recently changed</a>' in content
