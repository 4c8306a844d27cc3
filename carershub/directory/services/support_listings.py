"""Support groups run by providers (issue 14) listed in the directory as services with their schedules.

A listing is made from the group's own record, not typed by an editor, so it is published at once: the group is
the provider's working record (sessions are made and booked from it), and holding its new time or venue back for a
check would show carers a schedule the provider no longer keeps. The "last checked" date stays the council's own
(none until it checks). Ending the group is how a listing is taken down: the refresh republishes one withdrawn by hand.
A group that has ended, or whose schedule the directory cannot publish, is withdrawn.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from carershub.directory.models import (
    DirectoryOrganisation,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from carershub.support.models import SupportGroup
from carershub.support.rules.recurrence import Recurrence, RecurrenceInvalid, parse_rule

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
YOUNG_CARERS_UNDER = 18


@dataclass(frozen=True)
class ScheduleFields:
    freq: str
    interval: int
    byday: str
    bymonthday: str


@dataclass(frozen=True)
class ListingsRefreshed:
    listed: int
    withdrawn: int


def schedule_fields(rule: Recurrence) -> ScheduleFields | None:
    """The group's RRULE as Open Referral UK holds it (WEEKLY or MONTHLY only): every day is weekly on all seven
    days; a rule ORUK cannot say (every other day) gives None."""
    if rule.frequency == "DAILY":
        return ScheduleFields("WEEKLY", 1, ",".join(WEEKDAYS), "") if rule.interval == 1 else None
    byday = ",".join(f"{day.ordinal or ''}{WEEKDAYS[day.weekday]}" for day in rule.by_day)
    return ScheduleFields(rule.frequency, rule.interval, byday, ",".join(str(day) for day in rule.by_month_day))


def _is_running(group: SupportGroup, today: date) -> bool:
    return group.ended_on is None or group.ended_on > today


def _terms(group: SupportGroup) -> list[TaxonomyTerm]:
    codes = ["need-groups"]
    if group.maximum_age is not None and group.maximum_age < YOUNG_CARERS_UNDER:
        codes += ["need-young-carers", "for-young-carers"]
    return list(TaxonomyTerm.objects.filter(code__in=codes))


@transaction.atomic
def list_support_group(group: SupportGroup, *, today: date) -> Service:
    """Make or update the group's directory entry, with one place and one schedule; withdraw it if the group has
    ended or its schedule cannot be published."""
    group = SupportGroup.objects.select_for_update().select_related("organisation").get(pk=group.pk)
    fields = None
    try:
        fields = schedule_fields(parse_rule(group.schedule))
    except RecurrenceInvalid:
        fields = None
    owner, _ = DirectoryOrganisation.objects.get_or_create(
        organisation=group.organisation,
        defaults={"name": group.organisation.name, "description": f"{group.organisation.name} supports carers."},
    )
    service = Service.objects.select_for_update().filter(support_group=group).first() or Service(support_group=group)
    service.area_id = group.area_id
    service.organisation = owner
    service.name = group.name
    service.description = group.description or f"{group.kind} run by {group.organisation.name}."
    service.minimum_age = group.minimum_age
    service.maximum_age = group.maximum_age
    service.access = Service.Access.SELF_REFERRAL
    service.publication = (
        Service.Publication.PUBLISHED
        if _is_running(group, today) and fields is not None
        else Service.Publication.WITHDRAWN
    )
    service.content_modified_at = timezone.now()
    service.version += 1
    service.save()
    service.taxonomy_terms.set(_terms(group))
    location, _ = Location.objects.update_or_create(
        organisation=owner, name=group.venue, defaults={"city": group.district}
    )
    service.service_at_locations.exclude(location=location).delete()
    at_location, _ = ServiceAtLocation.objects.get_or_create(service=service, location=location)
    service.schedules.all().delete()
    if fields is not None:
        starts: datetime = timezone.localtime(group.first_starts_at)
        Schedule.objects.create(
            service=service,
            service_at_location=at_location,
            freq=fields.freq,
            interval=fields.interval,
            byday=fields.byday,
            bymonthday=fields.bymonthday,
            dtstart=starts.date(),
            valid_from=starts.date(),
            valid_to=group.ended_on,
            opens_at=starts.time(),
            closes_at=(starts + timedelta(minutes=group.duration_minutes)).time(),
            description=f"{group.kind}: {group.venue}"[:300],
        )
    return service


def list_new_support_group(group: SupportGroup) -> None:
    """A provider set up a group: list it at once (registered with `support.listeners`)."""
    list_support_group(group, today=timezone.localdate())


def list_support_groups(*, today: date) -> ListingsRefreshed:
    """Refresh every group's listing (the daily `manage.py list_support_groups`)."""
    listed = withdrawn = 0
    for group in SupportGroup.objects.order_by("pk").iterator():
        service = list_support_group(group, today=today)
        if service.is_published():
            listed += 1
        else:
            withdrawn += 1
    return ListingsRefreshed(listed=listed, withdrawn=withdrawn)
