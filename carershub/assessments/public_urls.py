"""Supported self-assessment (Care and Support (Assessment) Regulations 2014 reg 2): pages a carer reaches by a
secure link, without a staff account."""

from django.urls import URLPattern, URLResolver, path

from carershub.assessments.views import self_assessment

app_name = "self_assessment"
urlpatterns: list[URLPattern | URLResolver] = [
    # Fixed paths first: a link's secret (43 URL-safe characters) can never be one of these words.
    path("your-answers/", self_assessment.task_list, name="task_list"),
    path("your-answers/<slug:key>/", self_assessment.section, name="section"),
    path("send/", self_assessment.send, name="send"),
    path("sent/", self_assessment.sent, name="sent"),
    path("<str:token>/", self_assessment.start, name="start"),
]
