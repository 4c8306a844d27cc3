"""Identification partner pages: who may see and record, what they show, and a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.core.tests.test_pages import TITLE_END, Page, assert_keeps_to_the_content_security_policy, parse
from carershub.identification.models import EngagementActivity
from carershub.identification.tests.factories import GPPracticeEngagementFactory, SchoolEngagementFactory
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.organisations.tests.factories import GPPracticeFactory, SchoolFactory

# (persona, sees the home area's partners, may record an activity)
MATRIX = [
    pytest.param("practitioner", True, True, id="practitioner_in_the_area"),
    pytest.param("manager", True, True, id="manager_in_the_area"),
    pytest.param("other_team_practitioner", True, True, id="practitioner_in_another_team_in_the_area"),
    pytest.param("commissioner", True, False, id="commissioner_in_the_area"),
    pytest.param("administrator", False, False, id="administrator"),
    pytest.param("emergency_responder", False, False, id="emergency_responder_in_the_area"),
    pytest.param("neighbour_practitioner", False, False, id="practitioner_in_another_area"),
]


@pytest.fixture
def emergency_responder(carers_centre: Organisation) -> User:
    return create_staff_user(
        carers_centre,
        email="responder@test.example",
        full_name="Responder",
        roles=[Role.EMERGENCY_RESPONDER],
        created_by=None,
    )


@pytest.fixture
def practice(home_area: Area) -> GPPractice:
    return GPPracticeFactory.create(area=home_area, name="Vale Surgery", ods_code="Y00001")


@pytest.fixture
def school(home_area: Area) -> School:
    return SchoolFactory.create(area=home_area, name="Vale Primary School", urn="900001")


def _record_data(**changes: str) -> dict[str, str]:
    occurred_on = timezone.localdate() - timedelta(days=2)
    return {
        "occurred_on_day": str(occurred_on.day),
        "occurred_on_month": str(occurred_on.month),
        "occurred_on_year": str(occurred_on.year),
        "kind": "awareness_event",
        "carers_identified": "4",
        "notes": "Stand in the waiting room.",
        **changes,
    }


def _recorded_events() -> int:
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CREATED).count()


@pytest.mark.parametrize(("persona", "sees", "records"), MATRIX)
def test_partner_list_authorisation(
    request: pytest.FixtureRequest, sign_in: SignIn, practice: GPPractice, persona: str, sees: bool, records: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    response = sign_in(user).get(reverse("identification:partners"))

    if persona == "neighbour_practitioner":  # sees its own area's (no) partners, never the home area's
        assert response.status_code == 200
        assert practice.name not in response.content.decode()
    else:
        assert response.status_code == (200 if sees else 404)
        assert (practice.name in response.content.decode()) is sees


@pytest.mark.parametrize("partner_kind", ["gp_practice", "school"])
@pytest.mark.parametrize(("persona", "sees", "records"), MATRIX)
def test_partner_detail_authorisation(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    practice: GPPractice,
    school: School,
    persona: str,
    sees: bool,
    records: bool,
    partner_kind: str,
) -> None:
    user: User = request.getfixturevalue(persona)
    client = sign_in(user)
    url = (
        reverse("identification:gp_practice", args=[practice.ods_code])
        if partner_kind == "gp_practice"
        else reverse("identification:school", args=[school.urn])
    )
    events_before = _recorded_events()

    page = client.get(url)
    posted = client.post(url, _record_data())

    assert page.status_code == (200 if sees else 404)
    if sees:
        has_form = bool(parse(page).all("form", method="post", action=url))
        assert has_form is records
    assert posted.status_code == (302 if records else 404)
    assert EngagementActivity.objects.count() == (1 if records else 0)
    assert _recorded_events() - events_before == (1 if records else 0)


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, practice: GPPractice) -> None:
    for url in [reverse("identification:partners"), reverse("identification:gp_practice", args=[practice.ods_code])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_missing_partner_gives_the_same_404(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)

    assert client.get(reverse("identification:gp_practice", args=["NOSUCH"])).status_code == 404
    assert client.get(reverse("identification:school", args=["000000"])).status_code == 404


def test_the_list_shows_the_headline_and_each_partners_figures(
    practitioner: User, carers_centre: Organisation, home_area: Area, sign_in: SignIn
) -> None:
    today = timezone.localdate()
    engaged = GPPracticeFactory.create(area=home_area, name="Engaged Surgery", order=1)
    GPPracticeFactory.create(area=home_area, name="Quiet Surgery", order=2)
    GPPracticeEngagementFactory.create(
        gp_practice=engaged, organisation=carers_centre, occurred_on=today - timedelta(days=3), carers_identified=2
    )
    GPPracticeEngagementFactory.create(
        gp_practice=engaged, organisation=carers_centre, occurred_on=today - timedelta(days=40), carers_identified=5
    )
    school = SchoolFactory.create(area=home_area, name="Hill High School", phase=School.Phase.SECONDARY)
    SchoolEngagementFactory.create(school=school, organisation=carers_centre, occurred_on=today - timedelta(days=9))

    response = sign_in(practitioner).get(reverse("identification:partners"))

    page = parse(response)
    assert page.title() == f"Identification partners{TITLE_END}"
    assert [" ".join(p.text.split()) for p in page.with_class("govuk-body-l")] == [
        "Engaged with 1 of 2 GP practices in the last 12 months"
    ]
    tables = [_rows(panel) for panel in _panels(response.content.decode())]
    assert tables[0] == [
        ["Engaged Surgery ODS code " + engaged.ods_code, f"{today - timedelta(days=3):%-d %b %Y}", "2", "7"],
        ["Quiet Surgery ODS code " + GPPractice.objects.get(name="Quiet Surgery").ods_code, "Never", "0", "0"],
    ]
    assert tables[1] == [
        [f"Hill High School Secondary, URN {school.urn}", f"{today - timedelta(days=9):%-d %b %Y}", "1", "0"]
    ]
    headers = [" ".join(h.text.split()) for h in page.all("th", scope="col")]
    assert headers[:4] == ["Name", "Last engaged", "Activities (12 months)", "Carers identified (12 months)"]
    assert_keeps_to_the_content_security_policy(response)


def _panels(html: str) -> list[str]:
    return html.split('class="govuk-tabs__panel')[1:]


def _rows(html: str) -> list[list[str]]:
    page = parse_fragment(html)
    rows: list[list[str]] = []
    in_body = False
    for element in page.elements:
        if element.tag == "tbody":
            in_body = True
        elif in_body and element.tag == "tr":
            rows.append([])
        elif in_body and element.tag in {"th", "td"} and rows:
            rows[-1].append(" ".join(element.text.split()))
    return rows


def parse_fragment(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def _queries(client: Client, url: str) -> list[str]:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def _reading(queries: list[str], *tables: str) -> list[str]:
    """The queries that read these tables (leaving out the session, user and roles every signed-in page reads)."""
    return [sql for sql in queries if any(f'FROM "{table}"' in sql for table in tables)]


def _partners(area: Area, organisation: Organisation, count: int) -> None:
    for number in range(count):
        practice = GPPracticeFactory.create(area=area)
        school = SchoolFactory.create(area=area)
        GPPracticeEngagementFactory.create(gp_practice=practice, organisation=organisation, carers_identified=number)
        SchoolEngagementFactory.create(school=school, organisation=organisation)


def test_the_list_issues_the_same_number_of_queries_for_3_or_20_practices(
    practitioner: User, carers_centre: Organisation, home_area: Area, sign_in: SignIn
) -> None:
    client = sign_in(practitioner)
    _partners(home_area, carers_centre, 3)
    with_three = _queries(client, reverse("identification:partners"))
    _partners(home_area, carers_centre, 17)
    with_twenty = _queries(client, reverse("identification:partners"))

    assert len(with_three) == len(with_twenty)
    partner_tables = ("organisations_area", "organisations_gppractice", "organisations_school")
    assert len(_reading(with_twenty, *partner_tables)) == 3  # areas, then practices and schools each in one query


def test_the_detail_page_issues_the_same_number_of_queries_for_3_or_20_activities(
    practitioner: User, carers_centre: Organisation, practice: GPPractice, sign_in: SignIn
) -> None:
    client = sign_in(practitioner)
    url = reverse("identification:gp_practice", args=[practice.ods_code])
    counts = []
    for total in (3, 20):
        while EngagementActivity.objects.count() < total:
            GPPracticeEngagementFactory.create(gp_practice=practice, organisation=carers_centre)
        queries = _queries(client, url)
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert len(_reading(queries, "organisations_gppractice", "identification_engagementactivity")) == 2


def test_recording_an_activity_writes_it_and_its_audit_event_and_shows_it_in_the_log(
    practitioner: User, carers_centre: Organisation, practice: GPPractice, sign_in: SignIn
) -> None:
    client = sign_in(practitioner)
    url = reverse("identification:gp_practice", args=[practice.ods_code])

    response = client.post(url, _record_data(), follow=True)

    activity = EngagementActivity.objects.get()
    assert (activity.gp_practice, activity.organisation, activity.kind) == (practice, carers_centre, "awareness_event")
    assert (activity.carers_identified, activity.notes, activity.created_by) == (
        4,
        "Stand in the waiting room.",
        practitioner,
    )
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_CREATED)
    assert (event.actor, event.subject_id) == (practitioner, str(activity.pk))
    assert response.redirect_chain == [(url, 302)]
    page = parse(response)
    assert "Activity with Vale Surgery recorded" in page.with_class("govuk-notification-banner--success")[0].text
    assert "Stand in the waiting room." in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "target", "message"),
    [
        pytest.param(
            {"occurred_on_day": "31", "occurred_on_month": "2"},
            "#id_occurred_on_day",
            "Date of the activity must be a real date",
            id="impossible_date",
        ),
        pytest.param({"kind": ""}, "#id_kind_0", "Select what kind of activity it was", id="no_kind"),
        pytest.param(
            {"carers_identified": "lots"},
            "#id_carers_identified",
            "Carers identified must be a whole number, like 3",
            id="not_a_number",
        ),
    ],
)
def test_bad_input_is_reported_at_the_field_and_nothing_is_written(
    practitioner: User, practice: GPPractice, sign_in: SignIn, changes: dict[str, str], target: str, message: str
) -> None:
    url = reverse("identification:gp_practice", args=[practice.ods_code])

    response = sign_in(practitioner).post(url, _record_data(**changes))

    assert response.status_code == 200
    page = parse(response)
    assert page.title() == f"Error: Vale Surgery{TITLE_END}"
    links = [
        (a.attrs["href"], " ".join(a.text.split())) for a in page.all("a") if a.attrs.get("href", "").startswith("#id_")
    ]
    assert links == [(target, message)]
    assert page.all("textarea", name="notes")[0].text.strip() == "Stand in the waiting room."
    assert not EngagementActivity.objects.exists()


def test_a_date_in_the_future_is_refused_by_the_service_at_the_date(
    practitioner: User, practice: GPPractice, sign_in: SignIn
) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    url = reverse("identification:gp_practice", args=[practice.ods_code])

    response = sign_in(practitioner).post(
        url,
        _record_data(
            occurred_on_day=str(tomorrow.day),
            occurred_on_month=str(tomorrow.month),
            occurred_on_year=str(tomorrow.year),
        ),
    )

    links = [a.attrs["href"] for a in parse(response).all("a") if a.attrs.get("href", "").startswith("#id_")]
    assert links == ["#id_occurred_on_day"]
    assert "Date of the activity must be today or in the past" in response.content.decode()
    assert not EngagementActivity.objects.exists()
