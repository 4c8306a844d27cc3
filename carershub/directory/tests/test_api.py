"""The Open Referral UK 3.0 API: every answer validates against the official schemata; published services only;
open to other sites, cacheable, and every bad filter is a 400 problem+json."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.directory.models import Service, TaxonomyTerm
from carershub.directory.tests.factories import (
    LocationFactory,
    PostcodeFactory,
    PublishedServiceFactory,
    ServiceFactory,
    WithdrawnServiceFactory,
    furnish,
)
from carershub.directory.tests.oruk_schemata import errors, example, page_errors
from carershub.organisations.models import Area

pytestmark = pytest.mark.django_db
BASE = "/api/openreferral"


def get(path: str, **params: Any) -> Any:
    return Client().get(f"{BASE}{path}", params)


@pytest.fixture
def young_carers_club(home_area: Area) -> Service:
    service = PublishedServiceFactory.create(
        area=home_area,
        name="Young carers club",
        minimum_age=8,
        maximum_age=17,
        is_free=False,
        cost_amount=Decimal("2.50"),
        fees_description="£2.50 for the trip",
        terms=["need-young-carers", "need-groups", "for-young-carers"],
    )
    furnish(service)
    return service


def test_the_validator_accepts_the_standards_own_example_and_refuses_a_broken_copy() -> None:
    service = example("service_full")
    assert errors("service", service) == []
    assert errors("service", {**service, "id": "not-a-uuid"}) != []


def test_the_root_names_the_standard_and_its_openapi() -> None:
    response = get("/")
    assert response.status_code == 200
    assert response.json() == {
        "version": "HSDS-UK-3.0",
        "profile": "https://openreferraluk.org/specifications/3.0",
        "openapi_url": "https://openreferraluk.org/specifications/3.0/openapi.json",
    }
    assert response["Access-Control-Allow-Origin"] == "*"


def test_services_is_a_valid_page_of_published_services_only(young_carers_club: Service, home_area: Area) -> None:
    ServiceFactory.create(area=home_area, name="Draft service")
    WithdrawnServiceFactory.create(area=home_area, name="Withdrawn service")
    response = get("/services")
    body = response.json()
    assert response.status_code == 200
    assert page_errors("service", body) == []
    assert [item["name"] for item in body["contents"]] == ["Young carers club"]
    assert body["total_items"] == 1
    assert body["first_page"] is True
    assert body["last_page"] is True
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_fully_nested_service_validates_and_holds_everything_a_carer_needs(young_carers_club: Service) -> None:
    body = get(f"/services/{young_carers_club.pk}").json()
    assert errors("service", body) == []
    assert body["schedules"][0]["freq"] == "WEEKLY"
    assert body["schedules"][0]["byday"] == "TU"
    location = body["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "MV1 1AL"
    assert location["accessibility"][0]["description"] == "Step-free entrance and a hearing loop."
    assert body["cost_options"][0]["amount"] == 2.5
    assert body["contacts"][0]["phones"][0]["number"] == "01632 960100"
    assert {attribute["taxonomy_term"]["code"] for attribute in body["attributes"]} == {
        "need-young-carers",
        "need-groups",
        "for-young-carers",
    }
    # Optional fields without a value are left out, never sent as null or "".
    assert "url" not in body
    assert None not in body.values()


@pytest.mark.parametrize("factory", [ServiceFactory, WithdrawnServiceFactory], ids=["draft_case", "withdrawn_case"])
def test_an_unpublished_service_is_the_same_404_as_a_missing_one(factory: Any, home_area: Area) -> None:
    hidden = factory.create(area=home_area)
    response = get(f"/services/{hidden.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert get("/services/not-a-uuid").status_code == 404


def test_taxonomies_and_terms_are_valid_pages_with_stable_ids() -> None:
    taxonomies = get("/taxonomies").json()
    terms = get("/taxonomy_terms", per_page=100).json()
    assert page_errors("taxonomy", taxonomies) == []
    assert page_errors("taxonomy_term", terms) == []
    assert taxonomies["total_items"] == 3
    breaks = next(term for term in terms["contents"] if term["code"] == "need-breaks")
    # The id is the same in every deployment: a UUID 5 of the term's code (migration 0002).
    assert breaks["id"] == str(TaxonomyTerm.objects.get(code="need-breaks").pk)
    assert breaks["id"] == "3bd5ae04-f7a0-5251-bd6b-58c2d96bd895"


def test_service_at_locations_validate_as_list_and_single(young_carers_club: Service) -> None:
    body = get("/service_at_locations").json()
    assert page_errors("service_at_location", body) == []
    assert body["contents"][0]["service"]["name"] == "Young carers club"
    single = get(f"/service_at_locations/{body['contents'][0]['id']}").json()
    assert errors("service_at_location", single) == []


def test_filters_by_term_taxonomy_age_words_and_modified_after(young_carers_club: Service, home_area: Area) -> None:
    adults = PublishedServiceFactory.create(
        area=home_area, name="Adult carers cafe", minimum_age=18, terms=["need-groups"]
    )
    young_term = TaxonomyTerm.objects.get(code="for-young-carers")

    def names(**params: Any) -> list[str]:
        return [item["name"] for item in get("/services", **params).json()["contents"]]

    assert names(taxonomy_term_id=str(young_term.pk)) == ["Young carers club"]
    assert names(taxonomy_id=str(young_term.taxonomy_id)) == ["Young carers club"]
    assert names(minimum_age=18) == ["Adult carers cafe"]
    assert names(maximum_age=17) == ["Young carers club"]
    assert names(search="cafe") == ["Adult carers cafe"]
    Service.objects.filter(pk=adults.pk).update(content_modified_at=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert names(modified_after=since) == ["Young carers club"]


def test_postcode_and_proximity_find_services_within_that_many_metres(home_area: Area) -> None:
    PostcodeFactory.create(postcode="MV1 1AL", district="MV1", latitude=Decimal("53.4"), longitude=Decimal("-2.98"))
    near = PublishedServiceFactory.create(area=home_area, name="Near")
    furnish(near, location=LocationFactory.create(latitude=Decimal("53.405"), longitude=Decimal("-2.98")))
    far = PublishedServiceFactory.create(area=home_area, name="Far")
    furnish(far, location=LocationFactory.create(latitude=Decimal("53.5"), longitude=Decimal("-2.98")))
    body = get("/services", postcode="MV1 1AL", proximity=2000).json()
    assert [item["name"] for item in body["contents"]] == ["Near"]
    by_district = get("/services", postcode="MV1").json()
    assert [item["name"] for item in by_district["contents"]] == ["Near", "Far"]  # nearest first


@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"page": "0"}, "page", id="page_zero_case"),
        pytest.param({"page": "two"}, "page", id="page_not_a_number_case"),
        pytest.param({"page": "9"}, "page", id="page_past_the_end_case"),
        pytest.param({"taxonomy_term_id": "breaks"}, "taxonomy_term_id", id="term_not_a_uuid_case"),
        pytest.param({"minimum_age": "old"}, "minimum_age", id="age_not_a_number_case"),
        pytest.param({"postcode": "ZZ9 9ZZ"}, "postcode", id="unknown_postcode_case"),
        pytest.param({"proximity": "500"}, "proximity", id="proximity_without_postcode_case"),
        pytest.param({"modified_after": "yesterday"}, "modified_after", id="not_a_date_case"),
    ],
)
def test_a_bad_filter_is_a_400_problem_naming_it(
    young_carers_club: Service, params: dict[str, str], field: str
) -> None:
    response = get("/services", **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_every_bad_parameter_is_named_at_once(young_carers_club: Service) -> None:
    response = get("/services", page="0", minimum_age="old", taxonomy_term_id="x")
    assert response.status_code == 400
    assert sorted(error["field"] for error in response.json()["errors"]) == ["minimum_age", "page", "taxonomy_term_id"]


@override_settings(CARERSHUB_DIRECTORY_MAX_PER_PAGE=3)
def test_a_huge_per_page_is_capped(home_area: Area) -> None:
    PublishedServiceFactory.create_batch(5, area=home_area)
    body = get("/services", per_page=100000).json()
    assert body["size"] == 3
    assert body["total_pages"] == 2


def test_an_unchanged_answer_is_a_304_by_etag_and_by_last_modified(young_carers_club: Service) -> None:
    first = get(f"/services/{young_carers_club.pk}")
    by_etag = Client().get(f"{BASE}/services/{young_carers_club.pk}", headers={"If-None-Match": first["ETag"]})
    by_date = Client().get(f"{BASE}/services", headers={"If-Modified-Since": get("/services")["Last-Modified"]})
    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag["Access-Control-Allow-Origin"] == "*"


def test_a_published_change_gives_a_new_etag(young_carers_club: Service) -> None:
    before = get("/services")["ETag"]
    Service.objects.filter(pk=young_carers_club.pk).update(content_modified_at=timezone.now() + timedelta(seconds=5))
    assert get("/services")["ETag"] != before


@pytest.mark.parametrize("size", [1, 12], ids=["one_service_case", "twelve_services_case"])
def test_services_take_the_same_queries_whatever_the_page_size(
    home_area: Area, size: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(size):
        furnish(PublishedServiceFactory.create(area=home_area, terms=["need-breaks"]))
    with django_assert_num_queries(2):  # the page's ids with the count and newest change; the page's services
        assert get("/services", per_page=50).json()["size"] == size


@pytest.mark.parametrize("places", [1, 4], ids=["one_place_case", "four_places_case"])
def test_a_nested_service_takes_the_same_queries_whatever_it_holds(
    home_area: Area, places: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    service = PublishedServiceFactory.create(area=home_area, terms=["need-breaks", "for-adult-carers"])
    for _ in range(places):
        furnish(service)
    with django_assert_num_queries(7):  # the service, places, schedules, terms, contacts, languages, areas
        assert len(get(f"/services/{service.pk}").json()["service_at_locations"]) == places
