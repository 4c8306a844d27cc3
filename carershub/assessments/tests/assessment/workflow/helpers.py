"""What the workflow tests share: a determination, and the answers that raise referrals and alerts."""

from datetime import date
from typing import Any

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.assessments.services.determination import record_determination
from carershub.assessments.tests.assessment.helpers import complete_sections, eligible_answers, section_answers

DETERMINATION = {
    "significant_impact": "yes",
    "wellbeing_domains": ["health", "participation"],
    "reasons": "Caring every night has left her exhausted and she has had to cut her hours.",
    "advice_and_information": "",
}


def determined(assessment: Assessment, by: User, answers: dict[str, dict[str, Any]] | None = None) -> Assessment:
    complete_sections(assessment, by=by, answers=answers or eligible_answers())
    return record_determination(assessment, answers=DETERMINATION, by=by)


def child_found() -> dict[str, Any]:
    return section_answers(
        Assessment.Kind.CARERS,
        "whole_family",
        child_involved="yes",
        child_given_name="Kai",
        child_family_name="Reid",
        child_date_of_birth=date(2014, 5, 1),
        child_tasks="Kai helps his grandmother wash and dress every morning before school.",
        referral_consent_given_by="parent_or_guardian",
        referral_consent_given_by_name="Grace Reid",
        referral_consent_given_by_relationship="Mother",
    )


def panoc(**answers: int) -> dict[str, Any]:
    """PANOC-YC20 answers: "never" everywhere except the items given as item_N=score."""
    return {f"item_{number}": answers.get(f"item_{number}", 0) for number in range(1, 21)}
