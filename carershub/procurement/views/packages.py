"""Package request pages: the council drafts a request from the young person's record, publishes it, scores the
bids after the deadline and awards; a supplier reads the request (never who it is for), bids, and learns the
outcome; the winner sees the young person only once the council shares the record after the family's consent."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.selectors import get_person_for_user, people_visible_to
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.forms.packages import AwardForm, BidForm, BidMarksForm, PackageRequestForm, PublishForm
from carershub.procurement.models import Category, PackageRequest
from carershub.procurement.selectors import (
    BUYER_ROLES,
    arrangements_visible_to,
    bids_on,
    get_package_request_for_user,
    own_bid,
    supplier_of,
    winning_bid_summary,
    young_person_for_supplier,
)
from carershub.procurement.services.packages import (
    PackageChangeRefused,
    award_package,
    create_package_request,
    evaluate_bid,
    evaluation_of,
    publish_package_request,
    share_with_provider,
    submit_bid,
)

# Bids close at noon on the deadline day, so nobody works to midnight.
DEADLINE_TIME = time(12, 0)


def _council_request(request: AuthenticatedHttpRequest, reference: str) -> PackageRequest:
    package_request = get_package_request_for_user(request.user, reference)
    if supplier_of(request.user) is not None:
        raise Http404
    return package_request


@login_required
@require_http_methods(["GET", "POST"])
def package_new(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Describe one child's or young person's need for a mini-competition, from their record."""
    if not request.user.roles & BUYER_ROLES or supplier_of(request.user) is not None:
        raise Http404
    person = get_person_for_user(request.user, person_id)
    categories = Category.objects.filter(
        arrangement__in=arrangements_visible_to(request.user), areas=person.area_id
    ).select_related("arrangement")
    if not categories.exists():
        raise Http404
    form = PackageRequestForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            package_request = create_package_request(
                data["category"],
                person=person,
                age_band=data["age_band"],
                needs=data["needs"],
                pattern=data["pattern"],
                start_date=data["start_date"],
                expected_duration_weeks=data["expected_duration_weeks"],
                quality_weight=data["quality_weight"],
                questions=form.questions(),
                price_ceiling=data["price_ceiling"],
                quality_threshold=data["quality_threshold"],
                abnormally_low_ratio=data["abnormally_low_ratio"],
                by=request.user,
            )
        except PackageChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Package request {package_request.reference} drafted")
            return redirect(package_request)
    return render(request, "procurement/package_new.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET"])
def package(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    package_request = get_package_request_for_user(request.user, reference)
    supplier = supplier_of(request.user)
    if supplier is not None:
        return _supplier_view(request, package_request)
    now = timezone.now()
    bids = list(bids_on(package_request)) if package_request.deadline and now >= package_request.deadline else []
    person = people_visible_to(request.user).filter(pk=package_request.person_id).first()
    if person is not None:
        record_event(
            AuditEvent.Kind.RECORD_VIEWED,
            actor=request.user,
            subject=person,
            area=person.area,
            purpose="Buying a care package for a child or young person",
            event=ProcurementEvent.PACKAGE_REQUEST_VIEWED,
            detail={"package_request": package_request.reference},
        )
    all_evaluated = bool(bids) and all(bid.is_evaluated() for bid in bids)
    evaluation = evaluation_of(package_request, bids) if all_evaluated else None
    award_form = None
    if evaluation is not None and package_request.status == PackageRequest.Status.PUBLISHED:
        firsts = [int(b.id) for b in evaluation.bids if b.rank == 1]
        names = {bid.pk: bid.supplier.organisation.name for bid in bids}
        award_form = AwardForm(choices=[(pk, names[pk]) for pk in firsts])
    return render(
        request,
        "procurement/package.html",
        {
            "package_request": package_request,
            "person": person,
            "questions": list(package_request.questions.all()),
            "bids": bids,
            "evaluation": evaluation,
            "names": {str(bid.pk): bid.supplier.organisation.name for bid in bids},
            "prices": {str(bid.pk): bid.price for bid in bids},
            "invited": package_request.invitations.count(),
            "publish_form": PublishForm() if package_request.status == PackageRequest.Status.DRAFT else None,
            "award_form": award_form,
            "is_open": package_request.is_open_for_bids_at(now),
            "price_weight": 100 - package_request.quality_weight,
        },
    )


def _supplier_view(request: AuthenticatedHttpRequest, package_request: PackageRequest) -> HttpResponse:
    supplier = supplier_of(request.user)
    assert supplier is not None  # noqa: S101 (the caller checked)
    bid = own_bid(supplier, package_request)
    young_person = young_person_for_supplier(request.user, package_request)
    if young_person is not None:
        record_event(
            AuditEvent.Kind.RECORD_VIEWED,
            actor=request.user,
            subject=young_person,
            area=young_person.area,
            purpose="Providing the care package awarded",
            event=ProcurementEvent.YOUNG_PERSON_VIEWED,
            detail={"package_request": package_request.reference},
        )
    is_open = package_request.is_open_for_bids_at(timezone.now())
    form = None
    if is_open:
        answers = {answer.question_id: answer.text for answer in bid.answers.all()} if bid else {}
        form = BidForm(
            initial={"price": bid.price} if bid else None,
            questions=list(package_request.questions.all()),
            answers=answers,
        )
    return render(
        request,
        "procurement/package_supplier.html",
        {
            "package_request": package_request,
            "questions": list(package_request.questions.all()),
            "bid": bid,
            "winner": winning_bid_summary(package_request),
            "young_person": young_person,
            "form": form,
            "is_open": is_open,
        },
    )


@login_required
@require_POST
def bid(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    package_request = get_package_request_for_user(request.user, reference)
    supplier = supplier_of(request.user)
    if supplier is None:
        raise Http404
    questions = list(package_request.questions.all())
    form = BidForm(request.POST, questions=questions, answers={})
    if form.is_valid():
        try:
            submit_bid(
                package_request,
                supplier=supplier,
                price=form.cleaned_data["price"],
                answers=form.answers(),
                by=request.user,
            )
        except PackageChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Bid sent. You can change it until the deadline.")
            return redirect(package_request)
    return render(
        request,
        "procurement/package_supplier.html",
        {
            "package_request": package_request,
            "questions": questions,
            "bid": own_bid(supplier, package_request),
            "winner": None,
            "young_person": None,
            "form": form,
            "is_open": package_request.is_open_for_bids_at(timezone.now()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    package_request = _council_request(request, reference)
    if package_request.status != PackageRequest.Status.DRAFT:
        raise Http404
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deadline = timezone.make_aware(datetime.combine(form.cleaned_data["deadline_date"], DEADLINE_TIME))
        try:
            published = publish_package_request(package_request, deadline=deadline, by=request.user)
        except PackageChangeRefused as refused:
            form.add_error("deadline_date", str(refused))
        else:
            messages.success(request, f"Published: {published.invited} suppliers invited to bid")
            return redirect(package_request)
    return render(request, "procurement/publish.html", {"package_request": package_request, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def bid_evaluate(request: AuthenticatedHttpRequest, reference: str, bid_id: int) -> HttpResponse:
    package_request = _council_request(request, reference)
    bid = get_object_or_404(bids_on(package_request), pk=bid_id)
    if package_request.deadline is None or timezone.now() < package_request.deadline:
        raise Http404
    questions = list(package_request.questions.all())
    form = BidMarksForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            evaluate_bid(bid, marks=form.marks(), by=request.user)
        except PackageChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Quality scored for {bid.supplier}")
            return redirect(package_request)
    answers = {answer.question_id: answer.text for answer in bid.answers.all()}
    return render(
        request,
        "procurement/bid_evaluate.html",
        {
            "package_request": package_request,
            "bid": bid,
            "form": form,
            "answers": [(question, answers.get(question.pk, "")) for question in questions],
        },
    )


@login_required
@require_POST
def award(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    package_request = _council_request(request, reference)
    bids = {bid.pk: bid for bid in bids_on(package_request)}
    form = AwardForm(request.POST, choices=[(pk, bid.supplier.organisation.name) for pk, bid in bids.items()])
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
        return redirect(package_request)
    try:
        awarded = award_package(
            package_request, bid=bids[form.cleaned_data["bid"]], reasons=form.cleaned_data["reasons"], by=request.user
        )
    except PackageChangeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Awarded to {awarded.winner.supplier}")
    return redirect(package_request)


@login_required
@require_POST
def share(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    package_request = _council_request(request, reference)
    if people_visible_to(request.user).filter(pk=package_request.person_id).first() is None:
        raise Http404
    try:
        share_with_provider(package_request, by=request.user)
    except PackageChangeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "The provider can now see the young person's record")
    return redirect(package_request)
