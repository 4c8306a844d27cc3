"""The ONS Postcode Directory loader and the daily assurance reminder command."""

import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carershub.core.seeding import SeedContext
from carershub.directory import demo as directory_demo
from carershub.directory.models import Postcode, Service, ServiceAtLocation
from carershub.directory.tests.factories import PostcodeFactory
from carershub.organisations import demo as organisations_demo
from carershub.organisations.models import Area

pytestmark = pytest.mark.django_db

ONSPD_HEADER = "pcd,pcd2,pcds,dointr,doterm,oslaua,lat,long\n"


def test_load_onspd_loads_live_postcodes_with_coordinates_and_updates_on_a_rerun(tmp_path: Path) -> None:
    csv_file = tmp_path / "ONSPD.csv"
    csv_file.write_text(
        ONSPD_HEADER
        + "PR1 2AB,PR1  2AB,PR1 2AB,199801,,E07000123,53.759000,-2.699000\n"
        + "PR1 9ZZ,PR1  9ZZ,PR1 9ZZ,199801,200512,E07000123,53.760000,-2.700000\n"  # terminated
        + "PR2 1AA,PR2  1AA,PR2 1AA,199801,,E07000123,99.999999,0.000000\n"  # no grid reference
    )
    out = StringIO()
    call_command("load_onspd", str(csv_file), stdout=out)
    assert "1 postcodes loaded, 2 skipped" in out.getvalue()
    row = Postcode.objects.get()
    assert (row.postcode, row.district, str(row.latitude)) == ("PR1 2AB", "PR1", "53.759000")
    csv_file.write_text(ONSPD_HEADER + "PR1 2AB,PR1  2AB,PR1 2AB,199801,,E07000123,53.750000,-2.690000\n")
    call_command("load_onspd", str(csv_file), stdout=StringIO())
    assert str(Postcode.objects.get().latitude) == "53.750000"


def test_load_onspd_refuses_a_file_that_is_not_onspd(tmp_path: Path) -> None:
    csv_file = tmp_path / "other.csv"
    csv_file.write_text("name,town\nA,B\n")
    with pytest.raises(CommandError, match="not an ONSPD file"):
        call_command("load_onspd", str(csv_file), stdout=StringIO())
    assert not Postcode.objects.exists()


def test_assurance_reminders_command_reports_how_many() -> None:
    out = StringIO()
    call_command("directory_assurance_reminders", stdout=out)
    assert out.getvalue().strip() == "0 entries reminded."


def test_seed_directory_services_loads_published_entries_with_their_parts(home_area: Area) -> None:
    PostcodeFactory.create()
    call_command("seed_directory_services", "--count", "7", stdout=StringIO())
    services = Service.objects.filter(publication=Service.Publication.PUBLISHED)
    assert services.count() == 7
    assert ServiceAtLocation.objects.filter(service__in=services).count() == 7
    assert Service.taxonomy_terms.through.objects.filter(service__in=services).count() == 14


def test_the_demo_loads_forty_or_more_published_services_in_both_areas() -> None:
    context = SeedContext(scale="small", rng=random.Random(15), log=lambda _: None)
    organisations_demo.seed(context)
    directory_demo.seed(context)
    directory_demo.seed(context)  # a second run adds nothing
    published = Service.objects.filter(publication=Service.Publication.PUBLISHED)
    assert published.count() == 44
    assert set(published.values_list("area__slug", flat=True)) == {"mersey-vale", "ribble-moor"}
    young = published.filter(taxonomy_terms__code="for-young-carers", schedules__isnull=False).distinct()
    assert young.count() == 4  # the club and the Saturday activities in each area
    assert Service.objects.filter(publication=Service.Publication.DRAFT).count() == 2
