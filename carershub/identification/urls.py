from django.urls import path

from carershub.identification.views import partners, professional_referral, questions, self_referral

app_name = "identification"

# The public pages carry the area, so one deployment can serve several councils' carers.
_IN_AREA = "am-i-a-carer/<slug:area_slug>/"
_REFER_IN_AREA = "refer-a-carer/<slug:area_slug>/"

urlpatterns = [
    path("am-i-a-carer/", questions.choose_area, name="start"),
    path(_IN_AREA, questions.start, name="start_in_area"),
    path(f"{_IN_AREA}looking-after-someone/", questions.looking_after, name="looking_after"),
    path(f"{_IN_AREA}why-they-need-help/", questions.conditions, name="conditions"),
    path(f"{_IN_AREA}what-you-help-with/", questions.care_tasks, name="care_tasks"),
    path(f"{_IN_AREA}your-age/", questions.age, name="age"),
    path(f"{_IN_AREA}result/", questions.result, name="result"),
    path(f"{_IN_AREA}ask-for-support/", self_referral.self_referral, name="self_referral"),
    path(f"{_IN_AREA}check-your-answers/", self_referral.check_answers, name="check_answers"),
    path(f"{_IN_AREA}confirmation/", self_referral.confirmation, name="confirmation"),
    path("refer-a-carer/", professional_referral.choose_area, name="refer_start"),
    path(_REFER_IN_AREA, professional_referral.refer, name="refer"),
    path(f"{_REFER_IN_AREA}check-your-answers/", professional_referral.check_answers, name="refer_check_answers"),
    path(f"{_REFER_IN_AREA}confirmation/", professional_referral.confirmation, name="refer_confirmation"),
    path("identification-partners/", partners.partner_list, name="partners"),
    path("identification-partners/gp-practices/<str:ods_code>/", partners.gp_practice_detail, name="gp_practice"),
    path("identification-partners/schools/<str:urn>/", partners.school_detail, name="school"),
]
