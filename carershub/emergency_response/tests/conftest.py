"""Emergency response personas: the home area's 24/7 line run by its own provider, a responder there, and a
responder at the neighbouring area's provider (which runs no line for the home area)."""

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.emergency_response.models import ContingencyPlan, EmergencyCard, EmergencyLine
from carershub.emergency_response.services.notifications import configure_emergency_line
from carershub.emergency_response.tests.factories import EmergencyLineFactory, active_plan
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import ProviderFactory
from carershub.people.models import Person

PASSWORD = "correct horse battery staple"


@pytest.fixture
def line_operator(home_area: Area) -> Organisation:
    return ProviderFactory.create(name="Home Emergency Line", slug="home-emergency-line", areas=[home_area])


@pytest.fixture
def line(home_area: Area, line_operator: Organisation) -> EmergencyLine:
    return EmergencyLineFactory.create(area=home_area, organisation=line_operator, phone_number="0808 157 0100")


def _responder(organisation: Organisation, email: str) -> User:
    return create_staff_user(
        organisation,
        email=email,
        full_name=email.split("@")[0].title(),
        roles=[Role.EMERGENCY_RESPONDER],
        created_by=None,
        password=PASSWORD,
    )


@pytest.fixture
def responder(line_operator: Organisation) -> User:
    return _responder(line_operator, "responder@test.example")


@pytest.fixture
def second_responder(line_operator: Organisation) -> User:
    return _responder(line_operator, "responder2@test.example")


@pytest.fixture
def neighbour_responder(neighbour_provider: Organisation) -> User:
    return _responder(neighbour_provider, "neighbour-responder@test.example")


@pytest.fixture
def plan(carer_with_open_case: Person, practitioner: User, line: EmergencyLine) -> ContingencyPlan:
    return active_plan(carer_with_open_case, by=practitioner)


@pytest.fixture
def card(plan: ContingencyPlan) -> EmergencyCard:
    return plan.cards.get(status=EmergencyCard.Status.ACTIVE)


class NotifyDouble:
    """A local stand-in for GOV.UK Notify's API: records each request and answers with `status` (201 by default),
    or first with the statuses given to `answer_with`, one a request; `delay` seconds late if set."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any], str]] = []  # (path, body, Authorization header)
        self.status = 201
        self.next_statuses: list[int] = []
        self.delay = 0.0

    def fail_with(self, status: int) -> None:
        self.status = status

    def answer_with(self, *statuses: int) -> None:
        self.next_statuses = list(statuses)

    def answer(self) -> int:
        return self.next_statuses.pop(0) if self.next_statuses else self.status


@pytest.fixture
def notify(settings: Any) -> Iterator[NotifyDouble]:
    double = NotifyDouble()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            double.requests.append((self.path, body, self.headers.get("Authorization", "")))
            status = double.answer()
            if double.delay:
                time.sleep(double.delay)
            if status == 201:
                answer: dict[str, Any] = {"id": str(uuid.uuid4()), "reference": body.get("reference")}
            else:
                answer = {
                    "status_code": status,
                    "errors": [{"error": "BadRequestError", "message": "Missing personalisation: carer_name"}],
                }
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CARERSHUB_NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield double
    server.shutdown()
    server.server_close()


# The shape GOV.UK Notify gives its keys: {key name}-{service id}-{secret}, both UUIDs.
FAKE_NOTIFY_API_KEY = f"carershub_test-{uuid.UUID(int=1)}-{uuid.UUID(int=2)}"
SMS_TEMPLATE_ID = str(uuid.UUID(int=3))
EMAIL_TEMPLATE_ID = str(uuid.UUID(int=4))


@pytest.fixture
def notify_line(line: EmergencyLine, notify: NotifyDouble) -> EmergencyLine:
    """The home area's line with Notify set up (pointing at the local double)."""
    return configure_emergency_line(
        line.area,
        by=None,
        organisation=line.organisation,
        phone_number=line.phone_number,
        notify_api_key=FAKE_NOTIFY_API_KEY,
        notify_sms_template_id=SMS_TEMPLATE_ID,
        notify_email_template_id=EMAIL_TEMPLATE_ID,
    )


@pytest.fixture
def queued_tasks() -> Iterator[DummyBackend]:
    """Tasks are queued, not run at once (as with `db_worker` in production): the test runs each itself, and can
    see when a task was asked to run (`run_after`)."""
    backend = DummyBackend(alias="default", params={})
    task_backends["default"] = backend
    yield backend
    del task_backends["default"]  # the settings' backend (immediate) is made again on next use


def run_queued(backend: DummyBackend, start: int = 0) -> int:
    """Run the tasks queued from position `start` on, in order, as a worker would; returns where the queue ends."""
    end = len(backend.results)
    for result in backend.results[start:end]:
        result.task.call(*result.args, **result.kwargs)
    return end


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
