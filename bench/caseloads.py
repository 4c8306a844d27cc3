"""Allocated caseloads for "My work" (issue 12: p95 <= 50 ms at county scale for a worker with 200 allocated carers).

The county seed opens cases (open-case involvements) but allocates none of them. This gives the demo provider's
caseworkers the caseloads the target is set at: the bench practitioner 200 current allocations, and each colleague
who works cases (a practitioner or manager) up to 200 of the provider's remaining open cases, so the allocations
table has a county's rows and the planner's statistics match a service in use. Every carer allocated has an open
case with the provider in an area it serves (its staff may see them), and one current allocation at most
(`caseloads.Allocation`'s constraint).

Bulk-created, like the other volume seeders (e.g. `seed_support_activity`), without the audit rows and timeline
entries `caseloads.services.allocate_case` writes for one allocation at a time: 30,000 allocations through the
service would take minutes. Incremental: a worker already holding 200 gets none, so a loaded county is reused.

From the repository root, with the county loaded: `.venv/bin/python bench/caseloads.py` (`bench/run.py` does it
before measuring). Import this module only after `django.setup()` (the script sets Django up itself).
"""

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.organisations.models import Organisation

CASELOAD: Final = 200
BATCH: Final = 5000


@dataclass(frozen=True)
class CaseloadsAllocated:
    """How many allocations were made, and how many the bench worker now holds."""

    created: int
    worker_caseload: int


def _caseworkers(worker: "User", organisation: "Organisation") -> list["User"]:
    """The worker first, then the active practitioners and managers of their organisation, in a fixed order."""
    from carershub.accounts.models import Role, User

    colleagues = (
        User.objects.filter(
            organisation=organisation,
            is_active=True,
            groups__name__in=[Role.PRACTITIONER.value, Role.MANAGER.value],
        )
        .exclude(pk=worker.pk)
        .distinct()
        .order_by("pk")
    )
    return [worker, *colleagues]


def allocate_caseloads(worker_email: str, *, caseload: int = CASELOAD) -> CaseloadsAllocated:
    """Top up the worker's current allocations to `caseload`, then each colleague's, from the organisation's open
    cases nobody is allocated."""
    from django.db import transaction
    from django.db.models import Count, Exists, OuterRef
    from django.utils import timezone

    from carershub.accounts.models import Role, User
    from carershub.caseloads.models import Allocation
    from carershub.organisations.selectors import area_ids_served_by
    from carershub.people.models import Involvement, Person

    worker = User.objects.select_related("organisation").get(email=worker_email)
    organisation = worker.organisation
    if organisation is None:
        raise RuntimeError(f"{worker_email} has no organisation: no caseload can be allocated.")
    current = Allocation.objects.filter(organisation=organisation, ended_at__isnull=True)
    held = dict(current.values_list("worker_id").annotate(count=Count("pk")).values_list("worker_id", "count"))
    if held.get(worker.pk, 0) >= caseload:
        return CaseloadsAllocated(created=0, worker_caseload=held[worker.pk])
    # Open cases in the organisation's areas (so its staff see the carer), of records not merged away, with nobody
    # allocated; each carer once (a carer may have more than one open case with the organisation).
    open_cases = (
        Involvement.objects.filter(
            organisation=organisation,
            reason=Involvement.Reason.CASE_OPEN,
            ended_at__isnull=True,
            area_id__in=area_ids_served_by(organisation.pk),
        )
        .filter(Exists(Person.objects.filter(pk=OuterRef("person_id"), merged_into__isnull=True)))
        .exclude(Exists(current.filter(person_id=OuterRef("person_id"))))
        .order_by("person_id")
        .values_list("person_id", "area_id")
        .distinct()
    )
    unallocated = iter(list(open_cases))
    managers = User.objects.filter(organisation=organisation, is_active=True, groups__name=Role.MANAGER.value)
    manager = managers.order_by("pk").first() or worker
    now = timezone.now()
    allocations = []
    for number, caseworker in enumerate(_caseworkers(worker, organisation)):
        for person_id, area_id in _take(unallocated, caseload - held.get(caseworker.pk, 0)):
            allocated_at = now - timedelta(days=(person_id + number) % 365)
            allocations.append(
                Allocation(
                    area_id=area_id,
                    person_id=person_id,
                    organisation=organisation,
                    worker=caseworker,
                    allocated_at=allocated_at,
                    allocated_by=manager,
                    created_at=allocated_at,
                    created_by=manager,
                    updated_by=manager,
                )
            )
    with transaction.atomic():
        Allocation.objects.bulk_create(allocations, batch_size=BATCH)
    worker_caseload = current.filter(worker=worker).count()
    return CaseloadsAllocated(created=len(allocations), worker_caseload=worker_caseload)


def _take[T](items: Iterator[T], count: int) -> list[T]:
    return [item for _, item in zip(range(max(count, 0)), items, strict=False)]


def main() -> None:
    """Allocate the caseloads in the benchmark database and say what was done."""
    from bench.config import DEFAULT_DATABASE_URL, application_environment
    from bench.endpoints import PRACTITIONER

    os.environ.update(application_environment(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)))
    import django

    django.setup()
    from django.db import connection

    result = allocate_caseloads(PRACTITIONER)
    if result.created:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE caseloads_allocation")
    print(f"{result.created} allocations made; {PRACTITIONER} holds {result.worker_caseload}.")


if __name__ == "__main__":
    main()
