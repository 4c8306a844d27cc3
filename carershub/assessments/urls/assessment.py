"""Pages for one assessment: start, task list, sections, determination, sign-off, written record."""

from django.urls import URLPattern, URLResolver, path

from carershub.assessments.views import assessment, decisions

urlpatterns: list[URLPattern | URLResolver] = [
    path("start/", assessment.start, name="start"),
    path("<slug:reference>/", assessment.detail, name="detail"),
    path("<slug:reference>/sections/<slug:key>/", assessment.section, name="section"),
    path("<slug:reference>/determination/", decisions.determination, name="determination"),
    path("<slug:reference>/submit/", decisions.submit, name="submit"),
    path("<slug:reference>/sign-off/", decisions.sign_off_page, name="sign_off"),
    path("<slug:reference>/record/", decisions.record, name="record"),
    path("<slug:reference>/record.pdf", decisions.record_pdf, name="record_pdf"),
    path("<slug:reference>/refuse/", decisions.refuse, name="refuse"),
    path("<slug:reference>/decline/", decisions.decline, name="decline"),
    path("<slug:reference>/letter/", decisions.letter, name="letter"),
    path("<slug:reference>/alerts/<int:alert_id>/acknowledge/", assessment.acknowledge_alert, name="acknowledge_alert"),
]
