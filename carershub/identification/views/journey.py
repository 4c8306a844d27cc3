"""The answers a visitor has given so far on the "Am I a carer?" pages, and the order of the pages.

Answers live in the session (never in the address or the logs) until the referral is made, and are then removed;
only the reference number is kept, to show it again.
"""

from collections.abc import Callable
from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from carershub.identification.rules import asks_about_the_caring
from carershub.organisations.models import Area

SESSION_KEY: Final = "am_i_a_carer"

Answers = dict[str, Any]


def answers_for(request: HttpRequest, area: Area, *, session_key: str = SESSION_KEY) -> Answers:
    """This visitor's answers for this area; starting in another area starts afresh. Each public journey keeps its
    answers under its own key ("Am I a carer?" by default)."""
    stored = request.session.get(session_key)
    if isinstance(stored, dict) and stored.get("area") == area.slug:
        return stored
    return {"area": area.slug}


def save_answers(request: HttpRequest, area: Area, *, session_key: str = SESSION_KEY, **changes: Any) -> Answers:
    answers = {**answers_for(request, area, session_key=session_key), **changes}
    request.session[session_key] = answers
    return answers


# Each page after the start, in order: (URL name, has it been answered?, does it apply?). Pages are skipped when the
# answers so far make them pointless ("No" to the first question skips the questions about the caring).
_STEPS: Final[list[tuple[str, Callable[[Answers], bool], Callable[[Answers], bool]]]] = [
    ("identification:looking_after", lambda a: "looking_after" in a, lambda a: True),
    ("identification:conditions", lambda a: "conditions" in a, lambda a: asks_about_the_caring(a["looking_after"])),
    ("identification:care_tasks", lambda a: "care_tasks" in a, lambda a: asks_about_the_caring(a["looking_after"])),
    ("identification:age", lambda a: "age_band" in a, lambda a: True),
    ("identification:result", lambda a: True, lambda a: True),
    ("identification:self_referral", lambda a: "referral" in a, lambda a: True),
    ("identification:check_answers", lambda a: True, lambda a: True),
]


def missing_step(area: Area, answers: Answers, page: str) -> HttpResponse | None:
    """Send someone who arrives part-way through (a bookmark, an expired session) to the first unanswered page."""
    for url_name, is_answered, applies in _STEPS:
        if url_name == page:
            return None
        if applies(answers) and not is_answered(answers):
            return redirect(url_name, area_slug=area.slug)
    return None


def step_url(url_name: str, area: Area) -> str:
    return reverse(url_name, kwargs={"area_slug": area.slug})


def posted_data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def area_or_404(area_slug: str) -> Area:
    return get_object_or_404(Area, slug=area_slug)
