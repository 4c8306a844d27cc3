"""The everyday support and community fund demo data at the small scale: a year of contacts, groups with registers,
training, feedback, a fund with awards whose 360Giving file validates, and the new KPIs on the demo contracts."""

import io

from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from carershub.commissioning.models import ContractKpi
from carershub.grants.models import Award, Fund
from carershub.grants.tests.test_threesixtygiving import validator
from carershub.support.models import Attendance, Contact, FeedbackResponse, GroupSession, TrainingAttendance

SEEDERS = [
    "carershub.organisations.demo.seed",
    "carershub.identification.demo.seed",
    "carershub.accounts.demo.seed",
    "carershub.referrals.demo.seed_routing_rules",
    "carershub.referrals.demo.seed",
    "carershub.commissioning.demo.contracts.seed",
    "carershub.commissioning.demo.monitoring.seed",
    "carershub.support.demo.seed",
    "carershub.grants.demo.seed",
    "carershub.support.demo.seed_kpi_targets",
]


@override_settings(CARERSHUB_DEMO_SEEDERS=SEEDERS)
def _seed() -> None:
    call_command("seed_demo", scale="small", seed=7, stdout=io.StringIO())


def test_small_demo_has_everyday_support_and_a_published_fund(db: None) -> None:
    _seed()
    _seed()  # a second run adds nothing

    assert Contact.objects.count() == 300 + 75 + Contact.objects.filter(series__isnull=False).count()
    assert GroupSession.objects.filter(register_taken_at__isnull=False).exists()
    assert Attendance.objects.exists()
    assert TrainingAttendance.objects.exclude(sector="carer").exists()
    assert FeedbackResponse.objects.count() == 30
    assert ContractKpi.objects.filter(measure="carers_supported_any_way", annual_target=4000).count() == 2
    fund = Fund.objects.get(slug="mersey-vale-community-carers-fund")
    assert Award.objects.filter(application__funding_round__fund=fund).exists()
    package = Client().get(reverse("grants_public:360giving", args=[fund.slug])).json()
    assert validator().is_valid(package)
