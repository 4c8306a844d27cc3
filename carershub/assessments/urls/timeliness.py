"""Team pages: open and overdue assessments, reviews due, transition prompts, and the practitioner's side of a
supported self-assessment."""

from django.urls import URLPattern, URLResolver, path

from carershub.assessments.views import self_assessment, timeliness

urlpatterns: list[URLPattern | URLResolver] = [
    path("", timeliness.assessment_list, name="list"),
    path("reviews/", timeliness.review_list, name="reviews"),
    path("reviews/<int:review_id>/", timeliness.review_complete, name="review"),
    path("reviews/<int:review_id>/cancel/", timeliness.review_cancel, name="review_cancel"),
    path("transition-decisions/", timeliness.prompt_list, name="prompts"),
    path("transition-decisions/<int:prompt_id>/", timeliness.prompt_decide, name="prompt"),
    path("<slug:reference>/request-a-review/", timeliness.review_request, name="request_review"),
    path("<slug:reference>/self-assessment/", self_assessment.practitioner_view, name="self_assessment"),
    path("<slug:reference>/self-assessment/link/", self_assessment.create_link, name="self_assessment_link"),
    path("<slug:reference>/self-assessment/revoke/", self_assessment.revoke_link, name="self_assessment_revoke"),
    path("<slug:reference>/self-assessment/reviewed/", self_assessment.mark_reviewed, name="self_assessment_reviewed"),
]
