"""Records of everyday support that the speed bench's endpoint paths name (see bench/records.py)."""

from django.db.models import Count, Q

from carershub.grants.models import Fund
from carershub.support.models import Booking, GroupSession
from carershub.support.selectors import enabled_contact_kinds

REGISTER_BENCH_SIZE = 30


def bench_support_records(provider_slug: str) -> dict[str, str]:
    """A session of the provider's with a full register of 30, the provider's community fund, and a kind of contact
    the quick log offers (for logging a contact)."""
    session = (
        GroupSession.objects.filter(group__organisation__slug=provider_slug)
        .annotate(booked=Count("bookings", filter=~Q(bookings__status=Booking.Status.CANCELLED)))
        .filter(booked__gte=REGISTER_BENCH_SIZE)
        .order_by("pk")
        .first()
    )
    fund = Fund.objects.filter(organisation__slug=provider_slug).order_by("pk").first()
    kinds = enabled_contact_kinds()
    if session is None or fund is None or not kinds:
        raise RuntimeError("The county data has no 30-carer group session, community fund or contact kind; reseed it.")
    return {"register_session_id": str(session.pk), "fund_slug": fund.slug, "contact_kind_id": str(kinds[0].pk)}
