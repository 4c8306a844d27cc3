"""What happens to a carer's case in an organisation: allocated to a worker, closed, reopened."""

from carershub.core.events import EventChoices


class CaseloadEvent(EventChoices):
    ALLOCATED = "caseloads.allocated", "Case allocated to a worker"
    REALLOCATED = "caseloads.reallocated", "Case reallocated to another worker"
    CASE_CLOSED = "caseloads.case_closed", "Case closed"
    CASE_REOPENED = "caseloads.case_reopened", "Case reopened"
