"""Recording engagement with identification partners: one row and one audit event, or nothing at all."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.identification.models import EngagementActivity
from carershub.identification.services import EngagementInvalid, record_engagement
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import GPPracticeFactory, SchoolFactory


def test_record_engagement_with_a_gp_practice_writes_the_activity_and_an_audit_event(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    practice = GPPracticeFactory.create(area=home_area, ods_code="Y01234")
    occurred_on = timezone.localdate() - timedelta(days=3)

    activity = record_engagement(
        practice,
        recorded_by=practitioner,
        occurred_on=occurred_on,
        kind=EngagementActivity.Kind.CARERS_REGISTER_REVIEW,
        carers_identified=7,
        notes="  Reviewed the register with the practice manager.  ",
    )

    saved = EngagementActivity.objects.get()
    assert saved == activity
    assert (saved.area, saved.gp_practice, saved.school, saved.organisation) == (
        home_area,
        practice,
        None,
        carers_centre,
    )
    assert (saved.occurred_on, saved.kind, saved.carers_identified) == (occurred_on, "carers_register_review", 7)
    assert saved.notes == "Reviewed the register with the practice manager."
    assert saved.created_by == practitioner
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_CREATED)
    assert (event.actor, event.organisation, event.area) == (practitioner, carers_centre, home_area)
    assert (event.subject_type, event.subject_id) == ("identification.engagementactivity", str(saved.pk))
    assert event.event == "identification.engagement_recorded"
    assert event.detail == {
        "partner": "organisations.gppractice",
        "partner_code": "Y01234",
        "kind": "carers_register_review",
        "occurred_on": occurred_on.isoformat(),
        "carers_identified": 7,
    }


def test_record_engagement_with_a_school_names_the_school(practitioner: User, home_area: Area) -> None:
    school = SchoolFactory.create(area=home_area, urn="812345")

    activity = record_engagement(
        school, recorded_by=practitioner, occurred_on=timezone.localdate(), kind=EngagementActivity.Kind.TRAINING
    )

    assert (activity.school, activity.gp_practice, activity.carers_identified) == (school, None, 0)
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_CREATED).detail["partner_code"] == "812345"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"occurred_on_days_ago": -1}, "occurred_on", id="date_in_the_future"),
        pytest.param({"kind": "lunch"}, "kind", id="unknown_kind"),
        pytest.param({"carers_identified": -1}, "carers_identified", id="negative_count"),
    ],
)
def test_record_engagement_refuses_what_could_not_have_happened(
    practitioner: User, home_area: Area, changes: dict[str, object], field: str
) -> None:
    practice = GPPracticeFactory.create(area=home_area)
    days_ago = changes.pop("occurred_on_days_ago", 1)
    assert isinstance(days_ago, int)
    arguments: dict[str, object] = {"kind": EngagementActivity.Kind.VISIT, "carers_identified": 0, **changes}

    with pytest.raises(EngagementInvalid) as refused:
        record_engagement(
            practice,
            recorded_by=practitioner,
            occurred_on=timezone.localdate() - timedelta(days=days_ago),
            **arguments,  # type: ignore[arg-type]
        )

    assert list(refused.value.errors) == [field]
    assert not EngagementActivity.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CREATED).exists()


def test_record_engagement_refuses_a_partner_outside_the_organisations_areas(
    neighbour_practitioner: User, home_area: Area
) -> None:
    practice = GPPracticeFactory.create(area=home_area)

    with pytest.raises(EngagementInvalid) as refused:
        record_engagement(practice, recorded_by=neighbour_practitioner, occurred_on=timezone.localdate(), kind="visit")

    assert refused.value.errors == {"organisation": "The organisation does not work in this area"}
    assert not EngagementActivity.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CREATED).exists()


@pytest.mark.parametrize("partners", [pytest.param("both", id="both"), pytest.param("neither", id="neither")])
def test_an_activity_is_with_exactly_one_partner(carers_centre: Organisation, home_area: Area, partners: str) -> None:
    both = partners == "both"

    with pytest.raises(IntegrityError):
        EngagementActivity.objects.create(
            area=home_area,
            gp_practice=GPPracticeFactory.create(area=home_area) if both else None,
            school=SchoolFactory.create(area=home_area) if both else None,
            organisation=carers_centre,
            occurred_on=timezone.localdate(),
            kind=EngagementActivity.Kind.VISIT,
        )
