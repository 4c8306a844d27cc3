"""Members' Ofsted or CQC ratings are checked again every CARERSHUB_PROCUREMENT_RATING_RECHECK_MONTHS (12): the
lead authority sees which are due on its members page, a daily command reminds it once per check, and a rating of
inadequate found on re-check suspends the membership until the lead authority reviews it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.tests.factories import CouncilAdultSocialCareFactory
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.models import Application, Membership
from carershub.procurement.services.ratings import recheck_due, recheck_rating, send_recheck_reminders
from carershub.procurement.tests.conftest import Consortium, staff

pytestmark = pytest.mark.django_db


def checked(membership: Membership, days_ago: int) -> None:
    Application.objects.filter(pk=membership.application_id).update(
        rating_checked_on=timezone.localdate() - timedelta(days=days_ago)
    )


def test_members_checked_12_months_ago_or_never_are_due(consortium: Consortium) -> None:
    alder, birch, cedar = consortium.memberships
    checked(alder, 400)
    checked(birch, 30)  # cedar never checked

    assert {m.pk for m in recheck_due(consortium.arrangement)} == {alder.pk, cedar.pk}
    with override_settings(CARERSHUB_PROCUREMENT_RATING_RECHECK_MONTHS=1):
        assert {m.pk for m in recheck_due(consortium.arrangement)} == {alder.pk, birch.pk, cedar.pk}


def test_a_good_rating_on_recheck_clears_the_flag_and_keeps_the_membership(
    consortium: Consortium, commissioner: User
) -> None:
    alder = consortium.memberships[0]
    checked(alder, 400)

    rechecked = recheck_rating(
        alder, rating=Application.Rating.GOOD, rated_on=timezone.localdate(), checked_on=timezone.localdate(),
        by=commissioner,
    )  # fmt: skip

    assert not rechecked.suspended
    assert rechecked.membership.status == Membership.Status.ADMITTED
    assert alder.pk not in {m.pk for m in recheck_due(consortium.arrangement)}
    assert AuditEvent.objects.filter(event=ProcurementEvent.RATING_RECHECKED, actor=commissioner).count() == 1


def test_an_inadequate_rating_on_recheck_suspends_the_membership_with_a_reason(
    consortium: Consortium, commissioner: User
) -> None:
    alder = consortium.memberships[0]

    rechecked = recheck_rating(
        alder, rating=Application.Rating.INADEQUATE, rated_on=timezone.localdate(), checked_on=timezone.localdate(),
        by=commissioner,
    )  # fmt: skip

    alder.refresh_from_db()
    assert rechecked.suspended
    assert alder.status == Membership.Status.SUSPENDED
    assert "Rated inadequate" in alder.status_reason
    assert not alder.may_bid()


def test_the_daily_command_reminds_the_lead_once_per_check(consortium: Consortium, commissioner: User) -> None:
    alder = consortium.memberships[0]
    for membership in consortium.memberships:
        checked(membership, 30)
    checked(alder, 400)
    out = StringIO()

    call_command("rating_recheck_reminders", stdout=out)

    assert "Alder Care" in out.getvalue()
    assert "Birch Support" not in out.getvalue()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [commissioner.email]
    assert "Alder Care" in mail.outbox[0].body
    assert send_recheck_reminders() == []  # reminded already: nothing the next day
    recheck_rating(
        alder, rating=Application.Rating.GOOD, rated_on=None, checked_on=timezone.localdate() - timedelta(days=400),
        by=commissioner,
    )  # fmt: skip
    assert [m.pk for m in send_recheck_reminders()] == [alder.pk]  # a new check, still old: reminded again


def test_the_lead_sees_which_ratings_are_due_and_records_a_recheck(
    sign_in: SignIn, consortium: Consortium, commissioner: User
) -> None:
    alder, birch, cedar = consortium.memberships
    for membership in (birch, cedar):
        checked(membership, 30)
    checked(alder, 400)
    client = sign_in(commissioner)

    page = client.get(reverse("procurement:arrangement", args=[consortium.arrangement.reference])).content.decode()
    assert page.count("Re-check due") == 1
    today = timezone.localdate()
    response = client.post(
        reverse("procurement:membership_rating", args=[alder.pk]),
        {
            "regulator_rating": "inadequate",
            "regulator_rating_date_day": today.day,
            "regulator_rating_date_month": today.month,
            "regulator_rating_date_year": today.year,
        },
        follow=True,
    )

    assert "suspended until you review it" in response.content.decode()
    assert "Re-check due" not in response.content.decode()
    alder.refresh_from_db()
    assert alder.status == Membership.Status.SUSPENDED


def test_only_the_lead_records_a_recheck_and_others_get_404_with_nothing_recorded(
    sign_in: SignIn, consortium: Consortium, social_worker: User
) -> None:
    alder = consortium.memberships[0]
    other = staff(CouncilAdultSocialCareFactory.create(), "other-lead@test.example", Role.COMMISSIONER)
    clients = [sign_in(user) for user in (other, social_worker, consortium.supplier_users[0])]
    events = AuditEvent.objects.count()
    url = reverse("procurement:membership_rating", args=[alder.pk])

    for client in clients:
        assert client.get(url).status_code == 404
        assert client.post(url, {"regulator_rating": "inadequate"}).status_code == 404

    assert AuditEvent.objects.count() == events
    alder.refresh_from_db()
    assert alder.status == Membership.Status.ADMITTED
