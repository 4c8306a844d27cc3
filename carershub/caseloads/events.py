"""What happens to a carer's case in an organisation: allocated to a worker, closed, reopened; a task for it made and
done."""

from carershub.core.events import EventChoices


class CaseloadEvent(EventChoices):
    ALLOCATED = "caseloads.allocated", "Case allocated to a worker"
    REALLOCATED = "caseloads.reallocated", "Case reallocated to another worker"
    CASE_CLOSED = "caseloads.case_closed", "Case closed"
    CASE_REOPENED = "caseloads.case_reopened", "Case reopened"
    TASK_CREATED = "caseloads.task_created", "Task created for the carer's worker or team"
    TASK_DONE = "caseloads.task_done", "Task marked done"
