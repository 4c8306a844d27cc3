from django.urls import path

from carershub.directory.views import public

app_name = "find_support"

urlpatterns = [
    path("", public.find_support, name="search"),
    path("services/<str:service_id>/", public.service_page, name="service"),
]
