"""The lead authority runs its arrangement through pages: questionnaire, authorities joining and leaving, joint
extension decisions, windows and notices. Everyone else gets a 404 and nothing is recorded."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import OrganisationFactory
from carershub.procurement.models import ArrangementParticipant, ExtensionDecision, Notice, Question
from carershub.procurement.tests.conftest import Consortium, staff

pytestmark = pytest.mark.django_db


def url(name: str, consortium: Consortium, *args: object) -> str:
    return reverse(f"procurement:{name}", args=[consortium.arrangement.reference, *args])


def dated(prefix: str, day: date) -> dict[str, object]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_the_lead_adds_a_scored_question(sign_in: SignIn, consortium: Consortium, commissioner: User) -> None:
    response = sign_in(commissioner).post(
        url("question_new", consortium),
        {"kind": "scored", "text": "How do you involve young people?", "weight": 20, "max_mark": 5, "minimum_mark": 2},
    )

    assert response.status_code == 302
    question = Question.objects.get(text="How do you involve young people?")
    assert (question.weight, question.max_mark, question.minimum_mark) == (20, 5, 2)


def test_a_scored_question_without_marks_is_refused(
    sign_in: SignIn, consortium: Consortium, commissioner: User
) -> None:
    response = sign_in(commissioner).post(url("question_new", consortium), {"kind": "scored", "text": "Marks?"})

    assert "A scored question needs a weight" in response.content.decode()
    assert not Question.objects.filter(text="Marks?").exists()


def test_a_health_partner_opts_in_and_a_council_leaves(
    sign_in: SignIn, consortium: Consortium, commissioner: User, home_area: Area
) -> None:
    icb = OrganisationFactory.create(name="Home ICB", slug="home-icb", kind=Organisation.Kind.ICB, areas=[home_area])
    client = sign_in(commissioner)

    client.post(
        url("participant_new", consortium),
        {"organisation": icb.pk, "kind": "health_partner"} | dated("joined_on", timezone.localdate()),
    )
    participant = ArrangementParticipant.objects.get(organisation=icb)
    client.post(url("participant_leave", consortium, participant.pk), dated("left_on", timezone.localdate()))

    participant.refresh_from_db()
    assert participant.kind == ArrangementParticipant.Kind.HEALTH_PARTNER
    assert participant.left_on == timezone.localdate()


def test_an_extension_is_decided_jointly_and_in_order(
    sign_in: SignIn, consortium: Consortium, commissioner: User, council: Organisation
) -> None:
    client = sign_in(commissioner)
    decision = {"is_taken": "yes", "agreed_by": [council.pk], "decision_maker": "Cabinet"} | dated(
        "decided_on", timezone.localdate()
    )

    out_of_order = client.post(url("extension_new", consortium), decision | {"option_number": 2})
    client.post(url("extension_new", consortium), decision | {"option_number": 1})

    assert "previous option was not taken" in out_of_order.content.decode()
    assert list(ExtensionDecision.objects.values_list("option_number", "is_taken")) == [(1, True)]


def test_only_the_lead_authority_runs_the_arrangement(
    sign_in: SignIn, consortium: Consortium, social_worker: User, council: Organisation
) -> None:
    colleague = staff(council, "second-practitioner@test.example", Role.PRACTITIONER)
    clients = [sign_in(social_worker), sign_in(colleague), sign_in(consortium.supplier_users[0])]
    events = AuditEvent.objects.count()
    for client in clients:
        for name in ("question_new", "participant_new", "extension_new", "window_new", "notice_new"):
            assert client.get(url(name, consortium)).status_code == 404
            assert client.post(url(name, consortium), {"kind": "other", "reference": "X"}).status_code == 404

    assert AuditEvent.objects.count() == events
    assert not Notice.objects.exists()


def test_a_window_of_a_fixed_arrangement_must_close(
    sign_in: SignIn, consortium: Consortium, commissioner: User
) -> None:
    today = timezone.localdate()
    response = sign_in(commissioner).post(
        url("window_new", consortium), dated("opens_on", today) | dated("assessment_date", today + timedelta(days=9))
    )

    assert "Enter the date the admission window closes" in response.content.decode()
