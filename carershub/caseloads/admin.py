"""The council's list of reasons for closing a case (docs/code-lists.md, ADR 0010), as every code list is edited."""

from django.contrib import admin

from carershub.caseloads.models import CaseClosureReason
from carershub.core.admin import ReferenceDataAdmin


@admin.register(CaseClosureReason)
class CaseClosureReasonAdmin(ReferenceDataAdmin[CaseClosureReason]):
    pass
