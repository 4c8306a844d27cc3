"""The reasons for closing a case are the council's own list (docs/code-lists.md): seeded with the six every area
had, switched off rather than deleted, and renamed without rewriting the closures that used them."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.caseloads.models import CaseClosure, CaseClosureReason
from carershub.caseloads.services import AllocationInvalid, close_case
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import AdultCarerFactory, working_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def carer(home_area: Area, carers_centre: Organisation) -> Person:
    return working_with(AdultCarerFactory.create(area=home_area, family_name="Okafor"), carers_centre)


def test_the_list_starts_with_the_six_reasons_every_area_had_in_the_order_the_form_offered_them() -> None:
    assert [(entry.code, entry.name) for entry in CaseClosureReason.objects.all()] == [
        (code.value, code.label) for code in CaseClosure.Reason
    ]


def test_a_switched_off_reason_is_not_offered_or_accepted_but_old_closures_still_show_it(
    carer: Person, home_area: Area, carers_centre: Organisation, manager: User, sign_in: SignIn
) -> None:
    close_case(carer, reason=CaseClosure.Reason.MOVED_AWAY, by=manager)
    open_involvement(carer, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)  # seen again: reopenable
    CaseClosureReason.objects.filter(code=CaseClosure.Reason.MOVED_AWAY).update(
        disabled_on=timezone.localdate() - timedelta(days=1)
    )
    other = working_with(AdultCarerFactory.create(area=home_area), carers_centre)
    client = sign_in(manager)

    form = client.get(reverse("caseloads:close", args=[other.pk])).content.decode()
    response = client.post(reverse("caseloads:close", args=[other.pk]), {"reason": CaseClosure.Reason.MOVED_AWAY})

    assert "Moved out of the area" not in form
    assert "The carer has died" in form
    assert response.status_code == 200
    assert not CaseClosure.objects.filter(person=other).exists()
    assert Involvement.objects.get(person=other, organisation=carers_centre).ended_at is None
    with pytest.raises(AllocationInvalid):
        close_case(other, reason=CaseClosure.Reason.MOVED_AWAY, by=manager)
    assert "Moved out of the area" in client.get(reverse("caseloads:closed")).content.decode()


def test_renaming_a_reason_shows_the_new_name_on_the_closures_that_used_it_without_rewriting_them(
    carer: Person, carers_centre: Organisation, manager: User, sign_in: SignIn
) -> None:
    closure = close_case(carer, reason=CaseClosure.Reason.DECLINED, by=manager).closure
    open_involvement(carer, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)  # seen again: reopenable
    CaseClosureReason.objects.filter(code=CaseClosure.Reason.DECLINED).update(name="Support declined by the carer")

    closed = sign_in(manager).get(reverse("caseloads:closed")).content.decode()

    assert "Support declined by the carer" in closed
    assert "The carer declined further support" not in closed
    assert CaseClosure.objects.get(pk=closure.pk).reason_id == CaseClosure.Reason.DECLINED


def test_the_admin_never_deletes_an_entry_or_changes_its_code(admin_user: User) -> None:
    admin = site._registry[CaseClosureReason]
    request = RequestFactory().get("/")
    request.user = admin_user
    entry = CaseClosureReason.objects.get(code=CaseClosure.Reason.NO_CONTACT)

    assert not admin.has_delete_permission(request, entry)
    assert "code" in admin.get_readonly_fields(request, entry)
