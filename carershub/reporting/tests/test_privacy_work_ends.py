"""When a provider's work with a person ends, every page about the person is a 404 for that provider."""

from typing import Final

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Organisation
from carershub.people.models import Involvement
from carershub.referrals.models import Referral
from carershub.reporting.tests.walk import (
    ACCOUNT_PREFIXES,
    ADMIN_PREFIX,
    API_PREFIX,
    COMMISSIONER_NAMESPACES,
    COMMISSIONER_PAGES,
    PUBLIC_NAMESPACES,
    PersonLevelRecords,
    all_routes,
    changed_tables,
    database_state,
    fill,
)

pytestmark = pytest.mark.django_db


# --- When the work ends ----------------------------------------------------------------------------------------------
#
# Visibility ends when the work ends (docs/architecture.md, Access): once the provider's involvements with the carer
# have ended (its case closed), every page naming a person-level record is the same 404 for its staff as a missing
# record. Referrals stay with the organisation they were sent to (its inbox and decision history), showing the carer
# only as the referrer named them: the referral's page answers, but shows nothing from the record; no referral page
# changes anything.
REFERRAL_AS_SENT_NAMESPACES: Final = frozenset({"referrals"})
REFERRAL_PAGES_AS_SENT: Final = frozenset({"referrals:detail"})
# Pages for other people than practitioners and managers: the responder's screens (break the glass) and the carer's
# own secret link, tested in their apps.
NOT_CASEWORK_NAMESPACES: Final = frozenset({"self_assessment", "support_public"})
NOT_CASEWORK_NAMES: Final = frozenset(
    {"emergency_response:activation", "emergency_response:notification", "emergency_response:lookup"}
)
# The provider's own groups and courses: a session's bookings and register are the provider's record of who came,
# and still name a carer after the provider's case with them closed. Whether a closed case should hide them (and
# refuse cancelling their booking) is open in issue 12. Their pages are opened (GET) and must answer; cancelling the
# carer's booking is not posted, because it would cancel it.
PROVIDER_ACTIVITY_NAMES: Final = frozenset(
    {
        "support:group",
        "support:session",
        "support:cancel_session",
        "support:register",
        "support:course",
    }
)
PROVIDER_ACTIVITY_ACTIONS: Final = frozenset({"support:unbook"})
# After the work ends, exactly these pages answer 200 to the provider's staff; every other is a 404 (or 405).
ANSWER_AFTER_THE_WORK_ENDS: Final = REFERRAL_PAGES_AS_SENT | PROVIDER_ACTIVITY_NAMES
# Records that are not about a carer: the community fund's applications (community groups), directory entries, and
# the purchasing system's records (package requests describe a child without naming them; their own access rules are
# walked in the procurement tests and for commissioners above).
NOT_ABOUT_A_CARER_NAMESPACES: Final = frozenset({"grants", "directory", "procurement"})


def test_once_the_work_ends_every_page_about_the_person_is_a_404_for_that_provider(
    sign_in: SignIn,
    practitioner: User,
    manager: User,
    carers_centre: Organisation,
    person_level_records: PersonLevelRecords,
) -> None:
    referral = person_level_records.referral
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.ACCEPTED, decided_at=timezone.now(), carer_name_as_referred="As Referred"
    )
    Involvement.objects.filter(organisation=carers_centre).update(ended_at=timezone.now())
    carer = person_level_records.carer
    routes = [
        route
        for route in all_routes()
        if route.parameters
        and not route.pattern.startswith((ADMIN_PREFIX, API_PREFIX, *ACCOUNT_PREFIXES))
        and route.namespace.split(":")[0]
        not in PUBLIC_NAMESPACES | NOT_CASEWORK_NAMESPACES | COMMISSIONER_NAMESPACES | NOT_ABOUT_A_CARER_NAMESPACES
        and route.name not in NOT_CASEWORK_NAMES | COMMISSIONER_PAGES | PROVIDER_ACTIVITY_ACTIONS
    ]
    failures: list[str] = []
    clients = (sign_in(practitioner), sign_in(manager))
    state = database_state()
    for client in clients:
        answered: set[str] = set()
        for route in routes:
            url = fill(route, person_level_records.values)
            before = dict(state)
            got = client.get(url)
            if got.status_code == 200:
                answered.add(route.name)
            if route.name in PROVIDER_ACTIVITY_NAMES:  # the provider's own record of who came: opened, not posted
                state = database_state()
                after = dict(state)
                # Seeing who booked or came is audited like any view of people; nothing else may change.
                before.pop("core.AuditEvent")
                after.pop("core.AuditEvent")
                if after != before:
                    failures.append(f"{url} ({route.name}): rows changed in {changed_tables(before, after)}")
                continue
            posted = client.post(url, {})
            as_sent = route.namespace.split(":")[0] in REFERRAL_AS_SENT_NAMESPACES
            statuses = {got.status_code, posted.status_code}
            if not as_sent and (not statuses <= {404, 405} or 404 not in statuses):
                failures.append(f"{url} ({route.name}): GET {got.status_code}, POST {posted.status_code}")
            state = database_state()
            after = dict(state)
            if as_sent:  # showing the referral is audited like any view; nothing else may change
                before.pop("core.AuditEvent")
                after.pop("core.AuditEvent")
            if after != before:
                failures.append(f"{url} ({route.name}): rows changed in {changed_tables(before, after)}")
            for stored in (carer.family_name, carer.postcode, carer.phone):
                if stored and stored.encode() in got.content:
                    failures.append(f"GET {url} ({route.name}): {stored!r} from the record is on the page")
        if answered != ANSWER_AFTER_THE_WORK_ENDS:
            failures.append(f"answered 200: {sorted(answered)}, expected {sorted(ANSWER_AFTER_THE_WORK_ENDS)}")
    assert "\n".join(failures) == ""
