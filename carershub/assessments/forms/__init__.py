"""Forms for assessments:

- `section_fields`: the base section form and its kinds of question; `sections` maps each section key to its form.
- `carers_sections`, `children_act_sections`, `transition_sections`: the section forms of each kind of assessment.
- `decisions`: starting an assessment, its determination, sign-off, closing it, and acknowledging a safety alert.
- `self_assessment`: the carer's secure link; `timeliness`: the team's lists, reviews and transition decisions.
"""
