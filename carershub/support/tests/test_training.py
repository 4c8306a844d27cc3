"""Training: carers counted once per session, professionals by organisation and sector, a school's training on the
school's identification page, feedback, and who may record it."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import SchoolFactory
from carershub.support.models import TrainingAttendance, TrainingCourse, TrainingSession
from carershub.support.services.contacts import SupportInvalid
from carershub.support.services.training import (
    add_training_session,
    create_course,
    record_carer_trained,
    record_professionals_trained,
    record_training_feedback,
)
from carershub.support.tests.factories import carer_of

pytestmark = pytest.mark.django_db


def _session(organisation: Organisation, by: User, audience: str) -> TrainingSession:
    course = create_course(organisation, by=by, title="Young carer awareness", audience=audience)
    return add_training_session(course, by=by, held_on=timezone.localdate() - timedelta(days=1), venue="Hall")


def test_training_a_schools_staff_shows_on_the_schools_partner_page(
    sign_in: SignIn, practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    school = SchoolFactory.create(area=home_area, name="Hillside Academy")
    session = _session(carers_centre, practitioner, TrainingCourse.Audience.PROFESSIONALS)

    record_professionals_trained(
        session, by=practitioner, sector=TrainingAttendance.Sector.SCHOOL, attendees=18, partner=school
    )

    page = sign_in(practitioner).get(reverse("identification:school", args=[school.urn])).content.decode()
    assert "Young carer awareness: 18 staff trained" in page


def test_a_carer_is_recorded_once_per_session(practitioner: User, carers_centre: Organisation, home_area: Area) -> None:
    session = _session(carers_centre, practitioner, TrainingCourse.Audience.CARERS)
    carer = carer_of(carers_centre, home_area)
    record_carer_trained(session, carer, by=practitioner)

    with pytest.raises(SupportInvalid, match="already recorded"):
        record_carer_trained(session, carer, by=practitioner)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingAttendance.objects.create(area=home_area, session=session, sector="carer", carer=carer)


def test_feedback_ratings_are_one_to_five(practitioner: User, carers_centre: Organisation) -> None:
    session = _session(carers_centre, practitioner, TrainingCourse.Audience.CARERS)

    record_training_feedback(session, by=practitioner, rating=5, comment="Very useful")
    with pytest.raises(SupportInvalid):
        record_training_feedback(session, by=practitioner, rating=6)
    assert session.feedback.count() == 1


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        pytest.param("practitioner", True, id="practitioner_of_the_provider"),
        pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
        pytest.param("commissioner", False, id="commissioner"),
    ],
)
def test_only_the_running_organisation_records_attendance(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    practitioner: User,
    carers_centre: Organisation,
    persona: str,
    allowed: bool,
) -> None:
    session = _session(carers_centre, practitioner, TrainingCourse.Audience.PROFESSIONALS)
    client = sign_in(request.getfixturevalue(persona))

    response = client.post(
        reverse("support:professionals_trained", args=[session.pk]),
        {"sector": "hospital", "organisation_name": "General Hospital", "attendees": "12"},
    )

    assert response.status_code == (302 if allowed else 404)
    assert TrainingAttendance.objects.exists() is allowed
