"""Find support for carers: public, no account, works as plain HTML forms and links."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.directory.models import Schedule, Service, TaxonomyTerm
from carershub.directory.tests.factories import (
    LocationFactory,
    PostcodeFactory,
    PublishedServiceFactory,
    ServiceFactory,
    WithdrawnServiceFactory,
    furnish,
)
from carershub.identification.tests.views.journey import ADULT, UNDER_18, answer_questions
from carershub.organisations.models import Area

pytestmark = pytest.mark.django_db
SEARCH = "/find-support/"


@pytest.fixture
def young_carers_group(home_area: Area) -> Service:
    PostcodeFactory.create(postcode="MV1 1AL", district="MV1", latitude=Decimal("53.4"), longitude=Decimal("-2.98"))
    service = PublishedServiceFactory.create(
        area=home_area, name="Young carers club", minimum_age=8, maximum_age=17, terms=["for-young-carers"]
    )
    furnish(service, location=LocationFactory.create(name="Merseyford Community Centre"), weekly_on="TU")
    return service


def test_a_carer_finds_a_young_carers_group_by_district_and_age(young_carers_group: Service, home_area: Area) -> None:
    adults_only = PublishedServiceFactory.create(area=home_area, name="Adult carers cafe", minimum_age=18)
    furnish(adults_only)
    response = Client().get(SEARCH, {"place": "mv1", "distance": "3", "age": "12", "audience": "for-young-carers"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 service found" in page
    assert "Young carers club" in page
    assert "Adult carers cafe" not in page
    assert "Every Tuesday, 4pm to 6pm" in page
    assert "Merseyford Community Centre" in page
    assert "miles away" in page


def test_the_service_page_has_when_where_cost_contact_and_access(young_carers_group: Service) -> None:
    page = Client().get(young_carers_group.get_absolute_url()).content.decode()
    assert "Every Tuesday, 4pm to 6pm" in page
    assert "MV1 1AL" in page
    assert "Free" in page
    assert "01632 960100" in page
    assert "Step-free entrance and a hearing loop." in page
    assert "Contact the service yourself" in page
    # Print-friendly: the search and navigation are left off the printed page.
    assert "govuk-!-display-none-print" in page


@pytest.mark.parametrize("factory", [ServiceFactory, WithdrawnServiceFactory], ids=["draft_case", "withdrawn_case"])
def test_unpublished_services_are_a_404_and_never_in_results(factory: type[ServiceFactory], home_area: Area) -> None:
    hidden = factory.create(area=home_area, name="Hidden entry")
    assert Client().get(reverse("find_support:service", args=[hidden.pk])).status_code == 404
    assert "Hidden entry" not in Client().get(SEARCH, {"q": "Hidden"}).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({"place": "ZZ9 9ZZ"}, "We do not know the postcode ZZ9 9ZZ", id="unknown_postcode_case"),
        pytest.param({"age": "twelve"}, "Age must be a number, like 12", id="age_not_a_number_case"),
        pytest.param({"distance": "3"}, "Enter a postcode to search by distance", id="distance_without_place_case"),
        pytest.param({"q": "x" * 101}, "Search words must be 100 characters or fewer", id="too_many_words_case"),
    ],
)
def test_bad_searches_get_a_clear_message(young_carers_group: Service, params: dict[str, str], message: str) -> None:
    response = Client().get(SEARCH, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_a_page_past_the_end_says_so_and_shows_the_first(young_carers_group: Service) -> None:
    page = Client().get(SEARCH, {"q": "club", "page": "99"}).content.decode()
    assert "There is no page 99" in page
    assert "Young carers club" in page


@pytest.mark.parametrize("page", ["1", "2"], ids=["first_page_case", "last_page_case"])
def test_every_page_of_results_counts_them_all_in_the_same_queries(
    home_area: Area, page: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(25):  # more than a page of 20
        furnish(
            PublishedServiceFactory.create(area=home_area, name=f"Carers group {number:02d}", terms=["need-groups"])
        )
    client = Client()
    # The terms of the form, the page's ids with the total, and the page's places, times and services.
    with django_assert_num_queries(5):
        content = client.get(SEARCH, {"q": "group", "page": page}).content.decode()
    assert "25 services found" in content
    shown = [number for number in range(25) if f"Carers group {number:02d}" in content]
    assert shown == (list(range(20)) if page == "1" else list(range(20, 25)))


def test_text_entered_by_providers_is_escaped(home_area: Area) -> None:
    PublishedServiceFactory.create(area=home_area, name="<script>alert(1)</script>", description="<b>bold</b>")
    page = Client().get(SEARCH, {"q": "script"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_search_by_town_matches_the_town_of_a_place(young_carers_group: Service) -> None:
    assert "Young carers club" in Client().get(SEARCH, {"place": "merseyford"}).content.decode()
    assert "1 service found" not in Client().get(SEARCH, {"place": "Elsewhere"}).content.decode()


@pytest.mark.parametrize("size", [1, 15], ids=["one_case", "fifteen_case"])
def test_results_take_the_same_queries_whatever_their_number(
    home_area: Area, size: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(size):
        furnish(PublishedServiceFactory.create(area=home_area, name="Carers group", terms=["need-groups"]))
    client = Client()
    # The terms of the form (with the ids the filter needs), the page's ids with the total, and its places, times
    # and services.
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"q": "group", "need": "need-groups"})
    assert f"{size} service" in response.content.decode()


@pytest.mark.parametrize(
    ("age_band", "audience"),
    [
        pytest.param(ADULT, "for-adult-carers", id="adult_case"),
        pytest.param(UNDER_18, "for-young-carers", id="young_case"),
    ],
)
def test_am_i_a_carer_results_link_to_the_matching_services(
    young_carers_group: Service, home_area: Area, age_band: str, audience: str
) -> None:
    client = Client()
    answer_questions(client, home_area, age_band=age_band)
    page = client.get(reverse("identification:result", args=[home_area.slug])).content.decode()
    link = f"{SEARCH}?area={home_area.slug}&amp;audience={audience}"
    assert link in page
    results = client.get(SEARCH, {"area": home_area.slug, "audience": audience}).content.decode()
    assert ("Young carers club" in results) is (audience == "for-young-carers")


def test_a_result_shows_every_place_and_meeting_time_with_the_providers_words_escaped(home_area: Area) -> None:
    service = PublishedServiceFactory.create(area=home_area, name="Carers walk", minimum_age=None, maximum_age=11)
    furnish(service, location=LocationFactory.create(name="Brookfold <Library>", postal_code="MV2 1AB"))
    furnish(service, location=LocationFactory.create(name="Abbey Hall", postal_code=""), weekly_on="FR")
    Schedule.objects.filter(service=service, byday="FR").update(description="<b>Bring boots</b>")
    page = Client().get(SEARCH, {"q": "walk"}).content.decode()
    # Places in name order, a postcode when there is one; meeting times in the order of their rules.
    assert "Abbey Hall; Brookfold &lt;Library&gt;, MV2 1AB</dd>" in page
    assert "Every Friday, 4pm to 6pm (&lt;b&gt;Bring boots&lt;/b&gt;); Every Tuesday, 4pm to 6pm</dd>" in page
    assert "<b>Bring boots</b>" not in page
    assert ">Up to 11</dd>" in page
    assert f'href="{service.get_absolute_url()}"' in page


@pytest.mark.parametrize(
    ("minimum_age", "maximum_age", "shown"),
    [
        pytest.param(8, 17, "8 to 17", id="range_case"),
        pytest.param(18, None, "18 and over", id="minimum_only_case"),
        pytest.param(None, 11, "Up to 11", id="maximum_only_case"),
        pytest.param(None, None, None, id="no_limit_case"),
    ],
)
def test_ages_read_the_same_in_results_and_on_the_service_page_and_follow_an_edit(
    home_area: Area, minimum_age: int | None, maximum_age: int | None, shown: str | None
) -> None:
    service = PublishedServiceFactory.create(area=home_area, name="Carers club", minimum_age=30, maximum_age=40)
    assert ">30 to 40</dd>" in Client().get(SEARCH, {"q": "club"}).content.decode()
    Service.objects.filter(pk=service.pk).update(minimum_age=minimum_age, maximum_age=maximum_age)
    for page in (
        Client().get(SEARCH, {"q": "club"}).content.decode(),
        Client().get(service.get_absolute_url()).content.decode(),
    ):
        assert "30 to 40" not in page
        if shown is None:
            assert ">Ages</dt>" not in page
        else:
            assert f">{shown}</dd>" in page


def test_the_search_offers_enabled_needs_and_audiences_only(home_area: Area) -> None:
    TaxonomyTerm.objects.filter(code="need-breaks").update(disabled_on=timezone.localdate())
    page = Client().get(SEARCH).content.decode()
    assert 'name="need" value="need-groups"' in page
    assert 'name="audience" value="for-young-carers"' in page
    assert 'value="need-breaks"' not in page
    # Conditions are not offered on the public search.
    assert 'value="condition-' not in page


def test_a_need_and_an_audience_ticked_find_only_services_offering_both(home_area: Area) -> None:
    PublishedServiceFactory.create(area=home_area, name="Carers group for young carers", terms=["need-groups"])
    both = ["need-groups", "for-young-carers"]
    PublishedServiceFactory.create(area=home_area, name="Carers group and young carers", terms=both)
    PublishedServiceFactory.create(area=home_area, name="Carers breaks", terms=["need-breaks", "for-young-carers"])
    page = Client().get(SEARCH, {"audience": "for-young-carers", "need": "need-groups"}).content.decode()
    assert "1 service found" in page
    assert "Carers group and young carers" in page
    assert Client().get(SEARCH, {"need": "need-groups"}).content.decode().count("app-directory-result") == 2
