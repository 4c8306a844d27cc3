"""Dashboards, KPIs and targets, quarterly monitoring returns, annual ratings, exports."""

from django.urls import URLPattern, URLResolver, path

from carershub.commissioning.views import monitoring, queries

urlpatterns: list[URLPattern | URLResolver] = [
    path("", monitoring.dashboard, name="home"),
    path("contracts/<str:reference>/kpis/", monitoring.kpis, name="kpis"),
    path("contracts/<str:reference>/kpis/<int:kpi_id>/figure/", monitoring.manual_figure, name="manual_figure"),
    path(
        "contracts/<str:reference>/kpis.<str:file_format>",
        monitoring.export_kpis,
        name="export_kpis",
    ),
    path("contracts/<str:reference>/returns/", monitoring.returns, name="returns"),
    path("contracts/<str:reference>/returns/<int:pk>/", monitoring.return_detail, name="return"),
    path("contracts/<str:reference>/returns/<int:pk>/submit/", monitoring.submit, name="return_submit"),
    path("contracts/<str:reference>/returns/<int:pk>/review/", monitoring.review, name="return_review"),
    path("contracts/<str:reference>/returns/<int:pk>/correct/", monitoring.correct, name="return_correct"),
    path("contracts/<str:reference>/returns/<int:pk>/answer/", queries.answer, name="return_answer"),
    path("contracts/<str:reference>/ratings/", monitoring.ratings, name="ratings"),
]
