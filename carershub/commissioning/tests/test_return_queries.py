"""The provider's side of monitoring: the commissioner queries a return, the provider's manager answers on the
return's page, and both stay in the return's history; the return goes back for review."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.models import Contract, MonitoringReturn, ReturnMessage
from carershub.commissioning.rules.rag import financial_quarter
from carershub.commissioning.services.monitoring import MonitoringInvalid, add_kpi, generate_return, submit_return
from carershub.commissioning.services.queries import answer_query
from carershub.commissioning.services.reviews import accept_return, query_return
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.referrals.models import Cohort

pytestmark = pytest.mark.django_db

QUESTION = "Why so few short breaks this quarter?"
ANSWER = "Two break providers closed in May; we have found a third."


@pytest.fixture
def contract(council: Organisation, home_area: Area, carers_centre: Organisation, commissioner: User) -> Contract:
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.ADULT])
    add_kpi(contract, measure="carers_supported", annual_target=Decimal(40), by=commissioner)
    return contract


@pytest.fixture
def queried(contract: Contract, manager: User, commissioner: User) -> MonitoringReturn:
    draft = generate_return(contract, lot=None, period=financial_quarter(timezone.localdate()), by=manager)
    return query_return(submit_return(draft, by=manager), comment=QUESTION, by=commissioner)


def _page(contract: Contract, monitoring_return: MonitoringReturn) -> str:
    return reverse("commissioning:return", args=[contract.reference, monitoring_return.pk])


def _answer_url(contract: Contract, monitoring_return: MonitoringReturn) -> str:
    return reverse("commissioning:return_answer", args=[contract.reference, monitoring_return.pk])


def test_the_answer_joins_the_history_and_sends_the_return_back_for_review(
    queried: MonitoringReturn, manager: User, commissioner: User, carers_centre: Organisation, council: Organisation
) -> None:
    figures = list(queried.figures)

    answer_query(queried, answer=f"  {ANSWER}  ", by=manager)

    queried.refresh_from_db()
    assert queried.status == MonitoringReturn.Status.SUBMITTED
    assert queried.figures == figures  # the submitted figures never change
    history = [(m.kind, m.text, m.organisation, m.created_by) for m in queried.messages.all()]
    assert history == [
        (ReturnMessage.Kind.QUERY, QUESTION, council, commissioner),
        (ReturnMessage.Kind.ANSWER, ANSWER, carers_centre, manager),
    ]
    assert AuditEvent.objects.filter(event="commissioning.query_answered", actor=manager).count() == 1
    accept_return(queried, by=commissioner)  # the commissioner can review it again


def test_only_a_queried_return_can_be_answered_and_only_with_words(
    queried: MonitoringReturn, manager: User, commissioner: User
) -> None:
    with pytest.raises(MonitoringInvalid) as blank:
        answer_query(queried, answer="   ", by=manager)
    assert blank.value.errors == {"answer": "Enter your answer to the commissioner's query"}
    answer_query(queried, answer=ANSWER, by=manager)
    with pytest.raises(MonitoringInvalid) as again:
        answer_query(queried, answer="And another thing", by=manager)
    assert "Only a queried return can be answered" in again.value.errors["answer"]
    assert queried.messages.filter(kind=ReturnMessage.Kind.ANSWER).count() == 1


def test_the_provider_manager_answers_on_the_return_page(
    sign_in: SignIn, queried: MonitoringReturn, contract: Contract, manager: User, commissioner: User
) -> None:
    provider = sign_in(manager)
    page = provider.get(_page(contract, queried)).content.decode()
    assert "Queries and answers" in page
    assert QUESTION in page
    assert "Answer the query" in page

    blank = provider.post(_answer_url(contract, queried), {"answer": ""})
    assert blank.status_code == 400
    assert "Enter your answer to the commissioner&#x27;s query" in blank.content.decode()

    response = provider.post(_answer_url(contract, queried), {"answer": ANSWER})

    assert response.status_code == 302
    assert response["Location"] == _page(contract, queried)
    seen_by_commissioner = sign_in(commissioner).get(_page(contract, queried)).content.decode()
    assert ANSWER in seen_by_commissioner
    assert "Accept or query the return" in seen_by_commissioner  # back for review


def test_the_commissioner_cannot_answer_for_the_provider(
    sign_in: SignIn, queried: MonitoringReturn, contract: Contract, commissioner: User
) -> None:
    response = sign_in(commissioner).post(_answer_url(contract, queried), {"answer": "Answering myself"})

    assert response.status_code == 404
    queried.refresh_from_db()
    assert queried.status == MonitoringReturn.Status.QUERIED
    assert not queried.messages.filter(kind=ReturnMessage.Kind.ANSWER).exists()
    assert not AuditEvent.objects.filter(event="commissioning.query_answered").exists()


def test_another_provider_gets_404_and_nothing_is_written(
    sign_in: SignIn, queried: MonitoringReturn, contract: Contract, neighbour_practitioner: User
) -> None:
    response = sign_in(neighbour_practitioner).post(_answer_url(contract, queried), {"answer": "Not ours"})

    assert response.status_code == 404
    assert queried.messages.count() == 1
