"""CSV and Excel exports of a contract's KPI series per quarter."""

import csv
import io
import re
import zipfile
from datetime import datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.exports import as_csv
from carershub.commissioning.models import Contract
from carershub.commissioning.selectors.monitoring import current_quarter
from carershub.commissioning.services.monitoring import add_kpi
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement
from carershub.people.tests.factories import AdultCarerFactory
from carershub.referrals.models import Cohort

pytestmark = pytest.mark.django_db


def xlsx_cells(content: bytes) -> list[str]:
    """Every cell of the first sheet as text (shared strings resolved), without a spreadsheet library."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        shared = re.findall(r"<t[^>]*>([^<]*)</t>", archive.read("xl/sharedStrings.xml").decode())
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    cells = []
    for attributes, value in re.findall(r"<c ([^>]*)><v>([^<]*)</v></c>", sheet):
        cells.append(shared[int(value)] if 't="s"' in attributes else value)
    return cells


@pytest.fixture
def contract(council: Organisation, home_area: Area, carers_centre: Organisation, commissioner: User) -> Contract:
    contract = ContractFactory.create(commissioner=council, areas=[home_area], reference="KENT-YC")
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.YOUNG])
    add_kpi(contract, measure="carers_supported", annual_target=Decimal(400), by=commissioner)
    for carer in AdultCarerFactory.create_batch(7, area=home_area):
        Involvement.objects.create(
            area=home_area,
            person=carer,
            organisation=carers_centre,
            reason=Involvement.Reason.CASE_OPEN,
            started_at=timezone.make_aware(datetime.combine(timezone.localdate(), time(9))),
        )
    return contract


def test_csv_has_one_line_per_kpi_per_quarter(sign_in: SignIn, commissioner: User, contract: Contract) -> None:
    response = sign_in(commissioner).get(f"/commissioning/contracts/{contract.reference}/kpis.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="KENT-YC-kpis.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["KPI", "For", "Source", "Quarter", "Period", "Figure", "Target", "RAG"]
    assert len(rows) == 1 + 4
    assert rows[-1][:6] == [
        "Carers supported",
        "The whole contract",
        "Involvements (case open) of the provider",
        current_quarter().short_label,
        current_quarter().label,
        "7",
    ]
    assert rows[-1][6:] == ["100", "red"]
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED, actor=commissioner).count() == 1


def test_excel_has_the_same_figures(sign_in: SignIn, commissioner: User, contract: Contract) -> None:
    response = sign_in(commissioner).get(f"/commissioning/contracts/{contract.reference}/kpis.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    cells = xlsx_cells(response.content)
    assert "Carers supported" in cells
    assert "7" in cells


def test_an_unknown_format_is_404(sign_in: SignIn, commissioner: User, contract: Contract) -> None:
    assert sign_in(commissioner).get(f"/commissioning/contracts/{contract.reference}/kpis.pdf").status_code == 404


def test_csv_cells_cannot_run_as_formulas() -> None:
    assert as_csv([["=HYPERLINK(1)", "ok"]]).decode("utf-8-sig").strip() == "'=HYPERLINK(1),ok"
