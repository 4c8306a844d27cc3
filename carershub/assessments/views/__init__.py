"""Views for assessments:

- `assessment`: starting an assessment, its task list and sections; `decisions`: its determination, sign-off, written
  record and closing; `casework`: what those pages share.
- `self_assessment`: the carer's secure link; `timeliness`: the team's lists, reviews and transition decisions.
"""
