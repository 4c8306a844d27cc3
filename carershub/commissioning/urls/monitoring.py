"""Dashboards, KPIs and targets, quarterly monitoring returns, annual ratings, exports."""

from django.urls import URLPattern, URLResolver, path

from carershub.commissioning.views import monitoring, queries, returns, reviews

urlpatterns: list[URLPattern | URLResolver] = [
    path("", monitoring.dashboard, name="home"),
    path("contracts/<str:reference>/kpis/", monitoring.kpis, name="kpis"),
    path("contracts/<str:reference>/kpis/<int:kpi_id>/figure/", monitoring.manual_figure, name="manual_figure"),
    path(
        "contracts/<str:reference>/kpis.<str:file_format>",
        monitoring.export_kpis,
        name="export_kpis",
    ),
    path("contracts/<str:reference>/returns/", returns.returns, name="returns"),
    path("contracts/<str:reference>/returns/<int:pk>/", returns.return_detail, name="return"),
    path("contracts/<str:reference>/returns/<int:pk>/submit/", returns.submit, name="return_submit"),
    path("contracts/<str:reference>/returns/<int:pk>/review/", reviews.review, name="return_review"),
    path("contracts/<str:reference>/returns/<int:pk>/correct/", returns.correct, name="return_correct"),
    path("contracts/<str:reference>/returns/<int:pk>/answer/", queries.answer, name="return_answer"),
    path("contracts/<str:reference>/ratings/", reviews.ratings, name="ratings"),
]
