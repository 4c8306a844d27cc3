"""What the assessment services refuse with. Views catch these and say what to do."""

from carershub.assessments.contents import SectionContent
from carershub.assessments.models import AssessmentSection
from carershub.core.errors import FieldErrors


class AssessmentInvalid(FieldErrors):
    """The change to an assessment cannot be made as given: a message per field saying what to fix."""


class StaleEdit(Exception):
    """Someone saved the section since the form was loaded; `section` holds what they saved."""

    def __init__(self, section: AssessmentSection) -> None:
        super().__init__(f"{section} was saved by someone else (now version {section.version})")
        self.section = section


class AssessmentClosed(Exception):
    """The assessment is not open for this change (it is waiting for sign-off, completed, refused or declined)."""


class SectionsIncomplete(Exception):
    """Sections the step needs are not completed; `sections` names them, in task list order."""

    def __init__(self, sections: list[SectionContent]) -> None:
        super().__init__("Complete these sections first: " + ", ".join(section.title for section in sections))
        self.sections = sections


class NotPermitted(Exception):
    """This person may not take this step (for example, signing off their own assessment)."""


class TimelinessInvalid(FieldErrors):
    """A review or transition decision cannot be recorded as given: a message per field saying what to fix."""


class ReviewNotScheduled(Exception):
    """Only a scheduled review can be completed or cancelled."""


class NotReviewable(Exception):
    """A review is of a completed assessment: there is nothing to review before the determination."""


class PromptAlreadyDecided(Exception):
    """A transition decision is made once; a change of mind is a new assessment, not an edit."""
