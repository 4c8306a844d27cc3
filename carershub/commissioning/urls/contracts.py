"""Contract pages: list, set up, detail, extensions, variations, status, demand, open data."""

from django.urls import URLPattern, URLResolver, path

from carershub.commissioning.views import contracts

urlpatterns: list[URLPattern | URLResolver] = [
    path("contracts/", contracts.contract_list, name="contracts"),
    path("contracts/new/", contracts.contract_set_up, name="contract_set_up"),
    path("contracts/<str:reference>/", contracts.contract_detail, name="contract"),
    path(
        "contracts/<str:reference>/extensions/<int:option>/",
        contracts.extension_decide,
        name="extension_decide",
    ),
    path("contracts/<str:reference>/variations/new/", contracts.variation_new, name="variation_new"),
    path("contracts/<str:reference>/status/", contracts.contract_status, name="contract_status"),
    path("contracts/<str:reference>/demand/", contracts.contract_demand_page, name="contract_demand"),
    path(
        "contracts/<str:reference>/demand/estimates/new/",
        contracts.population_estimate_new,
        name="population_estimate_new",
    ),
    path("contracts/<str:reference>/ocds.json", contracts.contract_ocds, name="contract_ocds"),
]
